"""The unit performance index (Bộ chỉ số hiệu quả hoạt động): pure figures, summary refresh, queries, pages."""

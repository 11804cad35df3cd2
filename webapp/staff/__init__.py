"""The staff list of a unit (danh sách cán bộ, công chức, viên chức), each person's account, moves."""

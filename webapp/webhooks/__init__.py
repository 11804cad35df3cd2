"""Webhooks out: signed deliveries of sheet.published and period.closed to integration clients."""

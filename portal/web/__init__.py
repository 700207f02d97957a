"""Plumbing every domain shares: HTMX, i18n, security headers, forms, errors, assets."""

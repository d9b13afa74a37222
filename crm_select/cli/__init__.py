"""The `crm-select` command line."""

"""Information governance pages, one module per area (urls.py names them). Thin: selectors to
read, services to write through `portal.pages.submit`, `sharing.policies` for who may act."""

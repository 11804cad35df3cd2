"""RQ job shims: open an app context and call a service with ids."""

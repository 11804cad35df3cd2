"""Process tuning of a web worker once the app is loaded (deploy/gunicorn.conf.py's post_worker_init)."""
import gc


def freeze_startup_objects() -> int:
    """Move every object alive after start-up (modules, the app, its templates and mappings: ~240,000) out of the
    collector's reach; the number frozen. Measured at province scale: without it, each full collection walked
    them all and paused one request in a few hundred by ~200 ms (the approval queue's p95 went 45 → 65 ms)."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()

"""The production gunicorn settings: once a worker has loaded the app, its start-up objects are frozen for the
garbage collector (webapp/runtime.py), so full collections no longer walk them during requests."""
import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_the_app_is_preloaded_and_the_master_freezes_it_before_forking():
    settings = runpy.run_path(str(CONFIG))
    said = []
    server = SimpleNamespace(log=SimpleNamespace(info=lambda message, *args: said.append(message % args)))
    try:
        settings["when_ready"](server)
        assert settings["preload_app"] is True and gc.get_freeze_count() > 1000
        assert said and said[0].startswith("master: ")
    finally:
        gc.unfreeze()


def test_a_worker_freezes_its_start_up_objects_once_the_app_is_loaded():
    settings = runpy.run_path(str(CONFIG))
    said = []
    worker = SimpleNamespace(pid=4242, log=SimpleNamespace(info=lambda message, *args: said.append(message % args)))
    try:
        settings["post_worker_init"](worker)
        assert gc.get_freeze_count() > 1000
        assert said and said[0].startswith("worker 4242: ") and "frozen" in said[0]
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0

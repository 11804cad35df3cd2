"""pyHanko's synchronous calls run their coroutine with asyncio.run, which refuses to start where the thread already
has a running event loop (seen in the test session after Playwright's sync API). Signing and validating in a short
thread of their own gives each call a thread without a loop, wherever it is called from."""
from concurrent.futures import ThreadPoolExecutor


def isolated(function, *args, **kwargs):
    """function(*args, **kwargs) in a thread of its own; its result, or its exception raised here."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(function, *args, **kwargs).result()

"""The Procfile worker: preload the app (and its heavy imports) once, then work the queue."""
import os
import sys

from redis import Redis
from rq import Queue, Worker

from webapp import create_app


def main() -> None:
    """Work the default queue until stopped."""
    url = os.environ.get("REDIS_URL")
    if not url:
        sys.exit("REDIS_URL chưa được đặt: worker cần Redis.")
    create_app()  # fail fast on bad configuration before taking jobs
    connection = Redis.from_url(url)
    Worker([Queue("default", connection=connection)], connection=connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()

"""Start uvicorn with the flags every Tsunagu server needs: `python -m config.serve [options]`.

`make serve`, the README's production command, the benchmarks and the tests that start
a real server all come here, so none of them can drift from these flags. Any other
uvicorn option (`--host`, `--port`, `--workers`, ...) is passed on as given.
"""

import sys

APPLICATION = "config.asgi:application"
# uvicorn's default is 16 MiB, held in memory per frame before the app can refuse it
# (four sockets sending 15 MB frames took a server from 378 to 629 MB). The app takes at
# most 16,000 characters, 48 kB of Japanese in UTF-8, so 64 KiB leaves room for JSON.
WS_MAX_SIZE = 64 * 1024
FLAGS = [
    "--lifespan",
    "off",
    # Group-work frames are a few hundred bytes; compressing each for every receiver
    # cost more CPU than it saved (bench.live).
    "--ws-per-message-deflate",
    "false",
    "--ws-max-size",
    str(WS_MAX_SIZE),
]


def arguments(*extra: str) -> list[str]:
    """uvicorn's command-line arguments: the application, the fixed flags, then `extra`."""
    return [APPLICATION, *FLAGS, *extra]


def main() -> None:
    """Run uvicorn in this process with the project's flags and the caller's options."""
    import uvicorn.main

    uvicorn.main.main(args=arguments(*sys.argv[1:]))


if __name__ == "__main__":
    main()

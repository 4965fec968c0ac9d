#!/usr/bin/python3
"""An echo client for the provoke scenarios, on python3-websockets: it connects to the URL
given, sends every message back and exits when the connection closes (printing how)."""

import asyncio
import sys

import websockets


async def main(url, deflate):
    try:
        async with websockets.connect(url, max_size=None, open_timeout=5,
                                      compression="deflate" if deflate else None) as ws:
            async for message in ws:
                await ws.send(message)
        print("closed: %s" % ws.close_code)
    except websockets.exceptions.ConnectionClosed as closed:
        print("closed: %s %s" % (type(closed).__name__, closed))
    except Exception as error:  # noqa: BLE001 - report whatever ended the connection
        print("error: %s %s" % (type(error).__name__, error))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], "--deflate" in sys.argv[2:]))

#!/usr/bin/python3
"""Realistic demo traffic for screenshots: a few clients with different features.

Usage: /usr/bin/python3 traffic.py PORT [HOLD_SECONDS]
"""
import asyncio
import json
import sys

import websockets

PORT = int(sys.argv[1])
HOLD = float(sys.argv[2]) if len(sys.argv) > 2 else 2.5  # seconds the chat client stays
URL = f"ws://127.0.0.1:{PORT}/"
CHROME_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/120.0.0.0 Safari/537.36")


async def chat_client():
    async with websockets.connect(URL + "chat?room=lobby", subprotocols=["chat"],
                                  compression=None) as ws:
        for i in range(6):
            await ws.send(json.dumps({"type": "message", "id": i, "user": "ada",
                                      "text": f"hello #{i} from the chat client"}))
            await ws.recv()
            await asyncio.sleep(0.05)
        await ws.ping(b"are-you-there")
        await asyncio.sleep(0.2)
        await ws.send(json.dumps({"type": "bye"}))
        await ws.recv()
        await asyncio.sleep(HOLD)


async def deflate_client():
    # websockets offers permessage-deflate by default.
    async with websockets.connect(URL + "feed") as ws:
        big = json.dumps({"prices": [{"symbol": f"SYM{i}", "bid": 100 + i, "ask": 101 + i}
                                     for i in range(40)]})
        for _ in range(3):
            await ws.send(big)
            await ws.recv()
            await asyncio.sleep(0.1)
        await ws.send(b"\x00\x01\x02\x03binary\xff\xfe")
        await ws.recv()
        # A fragmented message.
        await ws.send(["part one, ", "part two, ", "part three"])
        await ws.recv()
        await asyncio.sleep(0.3)
        await ws.close(code=1000, reason="done for today")


async def rude_client():
    ws = await websockets.connect(URL + "iot", compression=None)
    await ws.send("sensor=42.1;unit=C")
    await ws.recv()
    await asyncio.sleep(0.4)
    ws.transport.abort()  # no close frame: the server reports 1006


async def idle_client():
    # A browser's dashboard page: Origin and User-Agent as Chromium sends them.
    async with websockets.connect(URL + "dashboard", compression=None,
                                  origin="http://localhost:3000",
                                  user_agent_header=CHROME_UA) as ws:
        await ws.send(json.dumps({"subscribe": ["cpu", "memory"]}))
        await ws.recv()
        await asyncio.sleep(HOLD)


async def main():
    await asyncio.gather(chat_client(), deflate_client(), rude_client(), idle_client())


asyncio.run(main())

#!/usr/bin/python3
"""Chinese demo traffic for docs/screenshot-zh_CN.png: a chat client that stays connected
and sends Chinese JSON, a quote client with a compressed-size payload, a fragmented message
and a close with a Chinese reason. Run after traffic.py so these rows end up at the bottom.

Usage: /usr/bin/python3 traffic_zh.py PORT [HOLD_SECONDS]

The screenshot: scripts/screenshots.sh (runs traffic.py, then this one 2.5 s later).
"""
import asyncio
import json
import sys

import websockets

PORT = int(sys.argv[1])
HOLD = float(sys.argv[2]) if len(sys.argv) > 2 else 2.5  # seconds the chat client stays
URL = f"ws://127.0.0.1:{PORT}/"


async def chat_client():
    async with websockets.connect(URL + "chat?room=大厅", subprotocols=["chat"],
                                  compression=None, ping_interval=None) as ws:
        for i, text in enumerate(["你好，世界！", "今天的行情怎么样？", "收到，谢谢 👍"]):
            await ws.send(json.dumps({"type": "message", "id": i, "user": "小明", "text": text},
                                     ensure_ascii=False))
            await ws.recv()
            await asyncio.sleep(0.05)
        await ws.ping(b"ping-1")
        await asyncio.sleep(HOLD)


async def quote_client():
    async with websockets.connect(URL + "quotes", ping_interval=None) as ws:
        quotes = json.dumps({"行情": [{"代码": f"60000{i}", "买价": 10 + i, "卖价": 10.5 + i}
                                    for i in range(30)]}, ensure_ascii=False)
        for _ in range(2):
            await ws.send(quotes)
            await ws.recv()
            await asyncio.sleep(0.1)
        await ws.send(["第一部分，", "第二部分，", "第三部分"])  # a fragmented message
        await ws.recv()
        await asyncio.sleep(0.3)
        await ws.close(code=1000, reason="今天到此为止")


async def main():
    await asyncio.gather(chat_client(), quote_client())


asyncio.run(main())

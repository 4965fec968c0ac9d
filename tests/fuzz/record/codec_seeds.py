#!/usr/bin/python3
"""Derive fuzz_codec seeds (tests/fuzz/corpus/codec/) from the recorded server inputs.

Each recorded server input (corpus/server/rec-*) holds one client's bytes: a request head,
then for a WebSocket session the frames. They become a handshake case, [0x01][seed][head],
and for an upgraded session a decoder case, [0x00][config][seed][frames], with the decoder
in the server role and real permessage-deflate when the client offered it (fuzzharness.h
describes both formats).
Usage: tests/fuzz/record/codec_seeds.py  (from anywhere; rewrites corpus/codec/seed-*)
"""

import glob
import hashlib
import os

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "corpus")


def client_bytes(data):
    """The bytes of DATA operations (0: 16-bit length, 7: 8-bit) up to the first other op."""
    out = bytearray()
    pos = 2
    while pos < len(data):
        op = data[pos]
        pos += 1
        if op & 7 == 0:
            n = int.from_bytes(data[pos:pos + 2], "little")
            pos += 2
        elif op & 7 == 7:
            n = data[pos]
            pos += 1
        else:
            break
        out += data[pos:pos + n]
        pos += n
    return bytes(out)


def main():
    out_dir = os.path.join(corpus, "codec")
    os.makedirs(out_dir, exist_ok=True)
    for old in glob.glob(os.path.join(out_dir, "seed-*")):
        os.remove(old)
    written = set()
    for path in sorted(glob.glob(os.path.join(corpus, "server", "rec-*"))):
        with open(path, "rb") as f:
            stream = client_bytes(f.read())
        end = stream.find(b"\r\n\r\n")
        if end < 0:
            continue
        head, frames = stream[:end + 4], stream[end + 4:]
        seeds = [bytes([1, len(written) & 0xFF]) + head]
        if frames and b"upgrade: websocket" in head.lower():
            deflate = b"permessage-deflate" in head.lower()
            config = 0x42 if deflate else 0x00  # server role; real deflate when offered
            seeds.append(bytes([0, config, len(written) & 0xFF]) + frames[:16384])
        for seed in seeds:
            name = "seed-" + hashlib.sha1(seed).hexdigest()[:12]
            if name not in written:
                written.add(name)
                with open(os.path.join(out_dir, name), "wb") as f:
                    f.write(seed)
    print("codec_seeds: %d seeds in %s" % (len(written), os.path.normpath(out_dir)))


if __name__ == "__main__":
    main()

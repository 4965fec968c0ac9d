#pragma once

// Private to core/server: OutQueue, the queued output of one connection.

#include <QByteArray>
#include <QByteArrayView>

#include "../protocol/bytes.h"
#include "io/socketio.h"

#include <cstring>
#include <vector>

namespace framescope {

// Queued output of one connection, sent with one sendmsg() per wakeup. Small pieces
// (headers, short payloads) are copied into m_buf, which grows geometrically and keeps its
// capacity between batches; large payloads are queued as implicitly shared QByteArrays
// and go out as their own iovec, so a 64 KiB echo is not copied into the queue.
// Wire order: m_buf[0, chunk0.end), chunk0.data, m_buf[chunk0.end, chunk1.end), ...
struct OutQueue
{
    static constexpr qsizetype ShareThreshold = 16 * 1024;
    static constexpr qsizetype KeepCapacity = 1024 * 1024;
    static constexpr qsizetype MinCapacity = 256;

    struct Chunk
    {
        QByteArray data;
        qsizetype end; // bytes of buf that precede this chunk
    };

    qint64 pending() const { return m_pending; }
    void append(QByteArrayView bytes);
    // Queues `data` by reference when it is large and owns its storage, else copies it.
    void appendShared(const QByteArray &data);
    // A frame: its header copied, its payload as appendShared() would queue it. A small
    // frame that fits the buffer's capacity is one copy, inline (one per frame sent).
    void appendFrame(QByteArrayView header, const QByteArray &payload)
    {
        const qsizetype size = m_buf.size();
        const qsizetype n = header.size() + payload.size();
        if (payload.size() >= ShareThreshold || size + n > m_buf.capacity()) {
            appendFrameSlow(header, payload);
            return;
        }
        resizeInPlace(m_buf, size + n);
        char *at = m_buf.data() + size;
        for (qsizetype i = 0; i < header.size(); ++i) // 2-14 bytes: no call
            at[i] = header[i];
        if (!payload.isEmpty())
            std::memcpy(at + header.size(), payload.constData(), size_t(payload.size()));
        m_pending += n;
    }
    // Fills up to `max` buffers with the unsent bytes, in order; returns how many.
    int gather(io::Buffer *out, int max) const;
    // Marks `n` bytes (as returned by sendmsg) sent.
    void consume(qsizetype n);

private:
    void appendFrameSlow(QByteArrayView header, const QByteArray &payload);
    void reset();
    void compact();

    QByteArray m_buf;
    std::vector<Chunk> m_chunks;
    qsizetype m_bufPos = 0;   // bytes of m_buf sent
    size_t m_head = 0;        // first chunk not fully sent
    qsizetype m_chunkPos = 0; // bytes of m_chunks[m_head].data sent
    qint64 m_pending = 0;
};

} // namespace framescope

// OutQueue: a connection's queued output, gathered into buffers for one gather write.

#include "outqueue.h"

#include <cstring>

namespace framescope {

void OutQueue::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    const qsizetype need = m_buf.size() + bytes.size();
    // Grow geometrically: reserving exact sizes per frame re-copied the whole queue each time.
    // Start small: reset() keeps the buffer, and an idle connection (after its handshake
    // response) held 4 KiB with a 4 KiB start, most of its RSS at 10 000 connections.
    if (need > m_buf.capacity())
        m_buf.reserve(qMax(need, qMax<qsizetype>(2 * m_buf.capacity(), MinCapacity)));
    m_buf.append(bytes);
    m_pending += bytes.size();
}

void OutQueue::appendFrameSlow(QByteArrayView header, const QByteArray &payload)
{
    if (payload.size() >= ShareThreshold) {
        append(header);
        appendShared(payload);
        return;
    }
    const qsizetype size = m_buf.size();
    const qsizetype n = header.size() + payload.size();
    if (size + n > m_buf.capacity())
        m_buf.reserve(qMax(size + n, qMax<qsizetype>(2 * m_buf.capacity(), MinCapacity)));
    resizeInPlace(m_buf, size + n);
    char *at = m_buf.data() + size;
    memcpy(at, header.data(), size_t(header.size()));
    if (!payload.isEmpty())
        memcpy(at + header.size(), payload.constData(), size_t(payload.size()));
    m_pending += n;
}

void OutQueue::appendShared(const QByteArray &data)
{
    if (data.size() < ShareThreshold) {
        append(data);
        return;
    }
    QByteArray ref = data;
    // fromRawData() storage belongs to the caller and may be gone before the send: copy it.
    if (!ref.data_ptr().isMutable())
        ref = QByteArray(data.constData(), data.size());
    m_chunks.push_back(Chunk{std::move(ref), m_buf.size()});
    m_pending += data.size();
}

int OutQueue::gather(io::Buffer *out, int max) const
{
    int n = 0;
    qsizetype pos = m_bufPos;
    for (size_t i = m_head; i < m_chunks.size(); ++i) {
        const Chunk &ch = m_chunks[i];
        if (pos < ch.end) {
            if (n == max)
                return n;
            out[n] = {m_buf.constData() + pos, ch.end - pos};
            ++n;
            pos = ch.end;
        }
        if (n == max)
            return n;
        const qsizetype off = i == m_head ? m_chunkPos : 0;
        out[n] = {ch.data.constData() + off, ch.data.size() - off};
        ++n;
    }
    if (pos < m_buf.size() && n < max) {
        out[n] = {m_buf.constData() + pos, m_buf.size() - pos};
        ++n;
    }
    return n;
}

void OutQueue::consume(qsizetype n)
{
    m_pending -= n;
    while (n > 0) {
        if (m_head == m_chunks.size()) {
            m_bufPos += n;
            break;
        }
        Chunk &ch = m_chunks[m_head];
        if (m_bufPos < ch.end) {
            const qsizetype take = qMin(n, ch.end - m_bufPos);
            m_bufPos += take;
            n -= take;
            continue;
        }
        const qsizetype take = qMin(n, ch.data.size() - m_chunkPos);
        m_chunkPos += take;
        n -= take;
        if (m_chunkPos == ch.data.size()) {
            ch.data = QByteArray(); // the payload's owner may free it now
            ++m_head;
            m_chunkPos = 0;
        }
    }
    if (m_pending == 0)
        reset();
    else if (m_bufPos > KeepCapacity || m_head >= 64)
        compact();
}

void OutQueue::reset()
{
    m_chunks.clear();
    m_head = 0;
    m_chunkPos = 0;
    m_bufPos = 0;
    // Keep the buffer for the next batch (no page faults per batch); give huge ones back.
    if (m_buf.capacity() > KeepCapacity)
        m_buf = QByteArray();
    else
        resizeInPlace(m_buf, 0);
}

void OutQueue::compact()
{
    // A slow reader: drop what was sent so it does not pin memory.
    m_buf.remove(0, m_bufPos);
    m_chunks.erase(m_chunks.begin(), m_chunks.begin() + qsizetype(m_head));
    for (Chunk &ch : m_chunks)
        ch.end -= m_bufPos;
    m_bufPos = 0;
    m_head = 0;
}

} // namespace framescope

// Worker: event records for observers, their clock and their batches.

#include "worker.h"

#include "workerconfig.h"

#include <utility>

namespace framescope {

// ---------------------------------------------------------------------------------------
// Worker: observer records

EventRecord Worker::makeRecord(EventRecord::Kind kind, const Connection *c)
{
    EventRecord r;
    fillRecord(r, kind, c);
    return r;
}

qint64 Worker::takeReading()
{
    m_recordUs = nowUs();
    m_recordTicks = fastclock::ticks();
    return m_recordUs;
}

bool Worker::readingIsRecent() const
{
    return m_recordUs != 0 &&
           fastclock::isRecent(m_recordTicks, fastclock::ticks(), fastclock::recentTicks());
}

qint64 Worker::recordClock()
{
    // Inside a dispatch, outside user code: the records of one read share its reading.
    if (m_depth > 0 && m_inUserCode == 0 && m_recordUs != 0)
        return m_recordUs;
    // From user code (a push after a long computation) or outside a dispatch (a timer, a
    // posted call): a reading of its own, unless the last one is microseconds old.
    if (readingIsRecent())
        return m_recordUs;
    return takeReading();
}

void Worker::fillRecord(EventRecord &r, EventRecord::Kind kind, const Connection *c)
{
    r.kind = kind;
    r.timeUs = recordClock();
    if (!c)
        return;
    r.fd = c->fd;
    r.status = c->shared->status.load(std::memory_order_relaxed);
    switch (kind) {
    case EventRecord::Kind::Frame:
    case EventRecord::Kind::Message:
    case EventRecord::Kind::PingRtt:
    case EventRecord::Kind::StatusChanged:
        // The busy kinds: the peer is in the connection's own records. Copying a
        // QHostAddress is an atomic increment and decrement per record.
        break;
    default:
        r.peerAddress = c->shared->peerAddress;
        r.peerPort = c->shared->peerPort;
    }
}

// Built in place in the pending batch: a record moved in was a third of the worker's cost
// per frame with a JSON log attached.
EventRecord &Worker::addRecord(EventRecord::Kind kind, const Connection *c)
{
    // A full batch leaves now (growing it would move every record); flushRecords() always
    // empties m_pending, sending or, with observers behind, dropping and counting.
    if (m_pending.size() >= BatchCapacity)
        flushRecords();
    EventRecord &r = m_pending.emplaceBack();
    fillRecord(r, kind, c);
    if (m_depth == 0 && !m_observerTimer->isActive())
        m_observerTimer->start();
    return r;
}

void Worker::flushRecords()
{
    if (m_pending.isEmpty() && m_dropped == 0)
        return;
    if (m_core->batchesInFlight->load() >= MaxBatchesInFlight) {
        // Observers fall behind: drop, count, and tell them once they catch up.
        m_dropped += m_pending.size();
        m_pending.clear();
        m_observerTimer->start();
        return;
    }
    EventBatch batch = std::exchange(m_pending, {});
    if (m_dropped > 0) {
        EventRecord r = makeRecord(EventRecord::Kind::Dropped, nullptr);
        r.count = m_dropped;
        r.text = QStringLiteral("%1 event records dropped: observers fell behind").arg(m_dropped);
        batch.prepend(std::move(r));
        m_dropped = 0;
    }
    // One allocation per batch (in its thread's heap: glibc's mmap threshold is far above
    // it), not a doubling series.
    m_pending.reserve(BatchCapacity);
    m_core->emitBatch(std::move(batch));
}

} // namespace framescope

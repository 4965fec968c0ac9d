#include "closetracker.h"

#include "formatting.h"

#include "protocol/frame.h"

namespace framescope {

CloseTracker::CloseTracker(QObject *parent) : QObject(parent) {}

int CloseTracker::indexForFd(int fd) const
{
    for (int i = int(m_sessions.size()) - 1; i >= 0; --i) {
        if (m_sessions[i].fd == fd)
            return i;
    }
    return -1;
}

const CloseSession *CloseTracker::sessionForFd(int fd) const
{
    const int i = indexForFd(fd);
    return i >= 0 ? &m_sessions[i] : nullptr;
}

CloseSession &CloseTracker::sessionFor(int fd, qint64 timeUs, int &index)
{
    index = indexForFd(fd);
    if (index >= 0 && !m_sessions[index].finished)
        return m_sessions[index];
    if (m_sessions.size() >= MaxSessions) {
        m_sessions.remove(0, MaxSessions / 4);
        emit sessionsReset();
    }
    CloseSession s;
    s.fd = fd;
    s.startedUs = timeUs;
    m_sessions.push_back(s);
    index = int(m_sessions.size()) - 1;
    emit sessionAdded(index);
    return m_sessions[index];
}

void CloseTracker::addBatch(const EventBatchPtr &batch)
{
    if (batch)
        addRecords(*batch);
}

void CloseTracker::addRecords(const EventBatch &records)
{
    for (const EventRecord &r : records) {
        int index = -1;
        switch (r.kind) {
        case EventRecord::Kind::Frame: {
            if (r.opcode != OpClose)
                continue;
            CloseSession &s = sessionFor(r.fd, r.timeUs, index);
            CloseFrameRecord f;
            f.direction = r.direction;
            f.timeUs = r.timeUs;
            f.payloadLength = r.payloadLength;
            f.malformed = !parseClosePayload(r.payload, f.code, f.reason);
            s.frames.push_back(f);
            if (s.initiator == Initiator::None)
                s.initiator = r.direction == Direction::In ? Initiator::Client : Initiator::Server;
            if (s.code == 0) {
                s.code = f.code;
                s.reason = f.reason;
            }
            const bool answered =
                std::any_of(s.frames.cbegin(), s.frames.cend(), [](const CloseFrameRecord &x) {
                    return x.direction == Direction::Out;
                });
            const bool wasHeld = s.held;
            s.held = m_holdIncoming && r.direction == Direction::In && !answered;
            if (r.direction == Direction::Out)
                s.held = false;
            emit sessionChanged(index);
            if (s.held && !wasHeld)
                emit closeHeld(r.fd);
            break;
        }
        case EventRecord::Kind::CloseStarted: {
            CloseSession &s = sessionFor(r.fd, r.timeUs, index);
            if (s.initiator == Initiator::None || r.initiator == Initiator::Abnormal)
                s.initiator = r.initiator;
            if (r.closeCode) {
                s.code = r.closeCode;
                s.reason = r.closeReason;
            }
            emit sessionChanged(index);
            break;
        }
        case EventRecord::Kind::ProtocolError: {
            CloseSession &s = sessionFor(r.fd, r.timeUs, index);
            s.protocolError = r.text;
            if (s.initiator == Initiator::None)
                s.initiator = Initiator::Server;
            emit sessionChanged(index);
            break;
        }
        case EventRecord::Kind::Closed: {
            CloseSession &s = sessionFor(r.fd, r.timeUs, index);
            s.finished = true;
            s.held = false;
            s.endedUs = r.timeUs;
            s.code = r.closeCode ? r.closeCode : s.code;
            if (r.closeCode)
                s.reason = r.closeReason;
            if (r.initiator != Initiator::None)
                s.initiator = r.initiator;
            s.handshakeUs = r.closeHandshakeUs;
            emit sessionChanged(index);
            break;
        }
        default:
            break;
        }
    }
}

void CloseTracker::clear()
{
    m_sessions.clear();
    emit sessionsReset();
}

} // namespace framescope

#include "chunkeddecoder.h"

namespace framescope {

ChunkedDecoder::Result ChunkedDecoder::error(int status, QByteArray message)
{
    m_state = State::Failed;
    Result r;
    r.status = Status::Error;
    r.httpStatus = status;
    r.message = std::move(message);
    return r;
}

// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional chunk-ext (";" name[=value]), which
// we skip; BWS around ";" is tolerated as the RFC allows.
bool ChunkedDecoder::parseSizeLine(QByteArrayView line, Result &r)
{
    qsizetype i = 0;
    qint64 size = 0;
    while (i < line.size()) {
        const char ch = line[i];
        int digit;
        if (ch >= '0' && ch <= '9')
            digit = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            digit = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            digit = ch - 'A' + 10;
        else
            break;
        // Saturates just past the limit: no overflow, and refused below all the same.
        size = size <= m_maxBodySize / 16 ? size * 16 + digit : m_maxBodySize + 1;
        ++i;
    }
    const QByteArrayView rest = line.sliced(i).trimmed();
    if (i == 0 || (!rest.isEmpty() && !rest.startsWith(';'))) {
        r = error(400, "invalid chunk size line \"" +
                           line.first(qMin<qsizetype>(40, line.size())).toByteArray() +
                           "\" (RFC 9112 §7.1: chunk-size is hexadecimal)");
        return false;
    }
    if (m_body.size() + size > m_maxBodySize) {
        r = error(413, "chunked request body exceeds http_max_body_size (" +
                           QByteArray::number(m_maxBodySize) + ")");
        return false;
    }
    m_remaining = size;
    m_state = size == 0 ? State::Trailer : State::Data;
    return true;
}

ChunkedDecoder::Result ChunkedDecoder::feed(QByteArrayView bytes)
{
    Result r;
    qsizetype pos = 0;
    while (pos < bytes.size() && m_state != State::Done && m_state != State::Failed) {
        switch (m_state) {
        case State::Data: {
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, bytes.size() - pos));
            m_body.append(bytes.sliced(pos, take));
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::Size:
        case State::DataEnd:
        case State::Trailer: {
            const qsizetype lf = bytes.indexOf('\n', pos);
            const qsizetype end = lf < 0 ? bytes.size() : lf;
            m_line.append(bytes.sliced(pos, end - pos));
            if (m_state == State::Trailer)
                m_trailerBytes += end - pos + (lf < 0 ? 0 : 1);
            pos = lf < 0 ? bytes.size() : lf + 1;
            if (m_line.size() > MaxLineLength + 1 || m_trailerBytes > MaxTrailerSize)
                return error(400, m_state == State::Trailer ? "chunked trailer section too large"
                                                            : "chunk size line too long");
            if (lf < 0)
                break;
            // RFC 9112 §2.2: a line ends in CRLF; a bare LF is tolerated, a bare CR is not.
            if (m_line.endsWith('\r'))
                m_line.chop(1);
            const QByteArray line = std::exchange(m_line, {});
            if (m_state == State::DataEnd) {
                if (!line.isEmpty())
                    return error(400, "chunk data longer than its chunk size (RFC 9112 §7.1: "
                                      "CRLF must follow the chunk data)");
                m_state = State::Size;
            } else if (m_state == State::Size) {
                if (!parseSizeLine(line, r))
                    return r;
            } else if (line.isEmpty()) {
                m_state = State::Done; // RFC 9112 §7.1.2: the trailer section ends
                r.status = Status::Complete;
                r.consumed = pos;
                return r;
            } else if (!line.contains(':')) {
                return error(400, "invalid trailer field \"" + line.left(40) + "\"");
            }
            break;
        }
        case State::Done:
        case State::Failed:
            break;
        }
    }
    r.consumed = pos;
    if (m_state == State::Done)
        r.status = Status::Complete; // fed again after the end: nothing more is ours
    else if (m_state == State::Failed)
        r.status = Status::Error;
    return r;
}

} // namespace framescope

#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <utility>

namespace framescope {

// Incremental decoder for a request body sent with Transfer-Encoding: chunked
// (RFC 9112 §7.1). Feed any split; it appends the data to body() and consumes nothing past
// the last chunk's trailer section (a pipelined request stays with the caller).
class ChunkedDecoder final
{
public:
    enum class Status : quint8 { NeedMore, Complete, Error };
    struct Result
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; // bytes of this feed that belong to the body
        int httpStatus = 0;     // on Error: 400 (malformed) or 413 (over maxBodySize)
        QByteArray message;     // on Error: what was wrong
    };

    explicit ChunkedDecoder(qint64 maxBodySize) : m_maxBodySize(maxBodySize) {}
    Result feed(QByteArrayView bytes);
    const QByteArray &body() const { return m_body; }
    QByteArray takeBody() { return std::exchange(m_body, {}); }

    // A chunk-size line or a trailer field longer than this is refused (400): the peer
    // cannot make us buffer an endless line.
    static constexpr qsizetype MaxLineLength = 4096;
    static constexpr qsizetype MaxTrailerSize = 16 * 1024;

private:
    enum class State : quint8 { Size, Data, DataEnd, Trailer, Done, Failed };
    Result error(int status, QByteArray message);
    bool parseSizeLine(QByteArrayView line, Result &r);

    qint64 m_maxBodySize;
    State m_state = State::Size;
    QByteArray m_line; // the current size line or trailer field, without CRLF
    qint64 m_remaining = 0;
    qsizetype m_trailerBytes = 0;
    QByteArray m_body;
};

} // namespace framescope

// ChunkedDecoder: request bodies with Transfer-Encoding: chunked (RFC 9112 §7.1), fed whole
// and one byte at a time; every malformed input gets its HTTP status and a sentence.
#include "protocol/chunkeddecoder.h"

#include <QTest>

using namespace framescope;

namespace {

struct Outcome
{
    ChunkedDecoder::Status status = ChunkedDecoder::Status::NeedMore;
    qsizetype consumed = 0;
    int httpStatus = 0;
    QByteArray message;
    QByteArray body;
};

Outcome decodeAt(const QByteArray &input, qint64 maxBody, qsizetype step)
{
    ChunkedDecoder decoder(maxBody);
    Outcome out;
    for (qsizetype pos = 0; pos < input.size();) {
        const qsizetype n = qMin(step, input.size() - pos);
        const ChunkedDecoder::Result r = decoder.feed(QByteArrayView(input).sliced(pos, n));
        out.consumed += r.consumed;
        pos += n;
        if (r.status != ChunkedDecoder::Status::NeedMore) {
            out.status = r.status;
            out.httpStatus = r.httpStatus;
            out.message = r.message;
            break;
        }
    }
    out.body = decoder.body();
    return out;
}

} // namespace

class TestChunkedDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("rest"); // not consumed: the next request's

        QTest::newRow("two chunks") << QByteArray("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                                    << QByteArray("hello world") << QByteArray();
        QTest::newRow("empty body") << QByteArray("0\r\n\r\n") << QByteArray() << QByteArray();
        QTest::newRow("hex sizes, both cases")
            << QByteArray("a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n")
            << QByteArray("0123456789abcdefghijk") << QByteArray();
        QTest::newRow("leading zeros")
            << QByteArray("0005\r\nhello\r\n000\r\n\r\n") << QByteArray("hello") << QByteArray();
        QTest::newRow("chunk extensions skipped")
            << QByteArray("5;name=\"v;x\"\r\nhello\r\n0 ; last\r\n\r\n") << QByteArray("hello")
            << QByteArray();
        QTest::newRow("trailer fields")
            << QByteArray("3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n") << QByteArray("abc")
            << QByteArray();
        QTest::newRow("bare LF line ends")
            << QByteArray("3\nabc\n0\n\n") << QByteArray("abc") << QByteArray();
        QTest::newRow("pipelined request after the body")
            << QByteArray("2\r\nhi\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n") << QByteArray("hi")
            << QByteArray("GET / HTTP/1.1\r\n\r\n");
        QTest::newRow("CRLF inside chunk data")
            << QByteArray("4\r\n\r\n\r\n\r\n0\r\n\r\n") << QByteArray("\r\n\r\n") << QByteArray();
    }

    void decodes()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, rest);
        for (qsizetype step : {input.size(), qsizetype(1), qsizetype(3)}) {
            const Outcome o = decodeAt(input, 1 << 20, step);
            QCOMPARE(o.status, ChunkedDecoder::Status::Complete);
            QCOMPARE(o.body, body);
            QCOMPARE(input.mid(o.consumed), rest);
        }
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("maxBody");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QByteArray>("message");

        QTest::newRow("size not hex")
            << QByteArray("zz\r\n") << qint64(100) << 400
            << QByteArray("invalid chunk size line \"zz\" (RFC 9112 §7.1: chunk-size is "
                          "hexadecimal)");
        QTest::newRow("empty size line")
            << QByteArray("\r\n") << qint64(100) << 400
            << QByteArray("invalid chunk size line \"\" (RFC 9112 §7.1: chunk-size is "
                          "hexadecimal)");
        QTest::newRow("negative size")
            << QByteArray("-5\r\n") << qint64(100) << 400
            << QByteArray("invalid chunk size line \"-5\" (RFC 9112 §7.1: chunk-size is "
                          "hexadecimal)");
        QTest::newRow("junk after size")
            << QByteArray("5 x\r\nhello\r\n") << qint64(100) << 400
            << QByteArray("invalid chunk size line \"5 x\" (RFC 9112 §7.1: chunk-size is "
                          "hexadecimal)");
        QTest::newRow("data longer than its size")
            << QByteArray("3\r\nhello\r\n") << qint64(100) << 400
            << QByteArray("chunk data longer than its chunk size (RFC 9112 §7.1: CRLF must "
                          "follow the chunk data)");
        QTest::newRow("one chunk over the limit")
            << QByteArray("65\r\n") << qint64(100) << 413
            << QByteArray("chunked request body exceeds http_max_body_size (100)");
        QTest::newRow("chunks add up over the limit")
            << QByteArray("32\r\n" + QByteArray(50, 'a') + "\r\n33\r\n") << qint64(100) << 413
            << QByteArray("chunked request body exceeds http_max_body_size (100)");
        QTest::newRow("size that would overflow")
            << QByteArray("ffffffffffffffffffffff\r\n") << qint64(100) << 413
            << QByteArray("chunked request body exceeds http_max_body_size (100)");
        QTest::newRow("endless size line")
            << QByteArray(ChunkedDecoder::MaxLineLength + 10, '0') << qint64(100) << 400
            << QByteArray("chunk size line too long");
        QTest::newRow("trailer without colon")
            << QByteArray("0\r\nnot a field\r\n\r\n") << qint64(100) << 400
            << QByteArray("invalid trailer field \"not a field\"");
        QTest::newRow("endless trailer section")
            << QByteArray("0\r\n" + QByteArray("X: y\r\n").repeated(3000)) << qint64(100) << 400
            << QByteArray("chunked trailer section too large");
    }

    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(qint64, maxBody);
        QFETCH(int, httpStatus);
        QFETCH(QByteArray, message);
        for (qsizetype step : {input.size(), qsizetype(1)}) {
            const Outcome o = decodeAt(input, maxBody, step);
            QCOMPARE(o.status, ChunkedDecoder::Status::Error);
            QCOMPARE(o.httpStatus, httpStatus);
            QCOMPARE(o.message, message);
            QVERIFY(o.body.size() <= maxBody);
        }
    }

    void nothingAfterCompletion()
    {
        ChunkedDecoder decoder(100);
        const ChunkedDecoder::Result r = decoder.feed("0\r\n\r\n");
        QCOMPARE(r.status, ChunkedDecoder::Status::Complete);
        const ChunkedDecoder::Result again = decoder.feed("more");
        QCOMPARE(again.consumed, qsizetype(0));
        QCOMPARE(again.status, ChunkedDecoder::Status::Complete);
        QCOMPARE(decoder.body(), QByteArray());

        ChunkedDecoder failed(100);
        QCOMPARE(failed.feed("x\r\n").status, ChunkedDecoder::Status::Error);
        QCOMPARE(failed.feed("5\r\nhello\r\n").status, ChunkedDecoder::Status::Error);
        QCOMPARE(failed.body(), QByteArray());
    }
};

QTEST_APPLESS_MAIN(TestChunkedDecoder)
#include "tst_chunkeddecoder.moc"

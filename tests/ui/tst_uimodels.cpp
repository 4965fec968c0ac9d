// Models of the inspector window fed with synthetic event batches: rows, roles, ring-buffer
// eviction, batched inserts, filters, message attachment, close tracking, JSON Lines.
#include "closetracker.h"
#include "connectionmodel.h"
#include "eventloopprobe.h"
#include "formatting.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "jsonlog.h"
#include "serversettings.h"

#include "protocol/closecode.h"
#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

Q_DECLARE_METATYPE(framescope::EventRecord)

using namespace framescope;

namespace {

EventRecord frame(int fd, Direction dir, quint8 opcode, const QByteArray &payload, bool fin = true,
                  qint64 timeUs = 1'700'000'000'000'000)
{
    EventRecord r;
    r.kind = EventRecord::Kind::Frame;
    r.fd = fd;
    r.direction = dir;
    r.opcode = opcode;
    r.fin = fin;
    r.masked = dir == Direction::In;
    r.payload = payload;
    r.payloadLength = payload.size();
    r.wireLength = payload.size() + (dir == Direction::In ? 6 : 2);
    r.timeUs = timeUs;
    return r;
}

EventRecord makeEvent(EventRecord::Kind kind, int fd)
{
    EventRecord r;
    r.kind = kind;
    r.fd = fd;
    r.timeUs = 1'700'000'000'000'000;
    return r;
}

QByteArray closePayload(quint16 code, const QByteArray &reason)
{
    CloseFrame f;
    f.code = code;
    f.reason = reason;
    return f.toPayload();
}

} // namespace

class TestUiModels : public QObject
{
    Q_OBJECT

private slots:
    void eventLoopProbe_seesABlockedLoop();
    void frameLog_rowsAppearOnlyAtFlush();
    void frameLog_displayAndRoles_data();
    void frameLog_displayAndRoles();
    void frameLog_ringEvictsOldestInBulk();
    void frameLog_moreThanCapacityInOneBatch();
    void frameLog_floodKeepsTheNewestPerFlush();
    void frameLog_payloadBudgetEvicts();
    void frameLog_insertSignalsAreInclusive();
    void frameLog_serverDropsCounted();
    void frameLog_messageAttachedToLastFrame();
    void frameLog_fragmentRows();
    void frameLog_flushTimerCoalesces();
    void frameLog_floodSlowsTheFlushes();
    void frameLog_gapsAfterAFloodKeepRowsApart();
    void frameLog_floodBatchDropsItsOldestRows();
    void frameLog_pendingRowsReleaseTheirBatches();
    void frameLog_failedPushStandsOut();
    void frameLog_rawFramesMarkedOnlyWhenInvalid();
    void filter_data();
    void filter();
    void filter_followsLiveInserts();
    void connections_lifecycle();
    void connections_clearClosedKeepsOpen();
    void connections_rttKeepsLastFew();
    void connections_countersRepaintOnATimer();
    void closeTracker_serverInitiated();
    void closeTracker_abrupt();
    void closeTracker_heldIncoming();
    void jsonl_roundTrip();
    void jsonl_rejectsJunk();
    void jsonl_readsHeadlessLog();
    void formatting_hexInput_data();
    void formatting_hexInput();
    void formatting_previewAndJson();
    void settings_commandLineWins();
};

void TestUiModels::frameLog_rowsAppearOnlyAtFlush()
{
    FrameLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addRecords({frame(1, Direction::In, OpText, "a"), frame(1, Direction::Out, OpText, "b")});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingRows(), 2);
    model.flush();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.pendingRows(), 0);
}

void TestUiModels::frameLog_displayAndRoles_data()
{
    QTest::addColumn<EventRecord>("record");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    EventRecord text = frame(3, Direction::In, OpText, "hello\nworld");
    QTest::newRow("opcode name and number") << text << int(FrameLogModel::ColOpcode) << "TEXT (1)";
    QTest::newRow("direction in") << text << int(FrameLogModel::ColDirection) << "in";
    QTest::newRow("fd") << text << int(FrameLogModel::ColFd) << "3";
    QTest::newRow("fin") << text << int(FrameLogModel::ColFin) << "1";
    QTest::newRow("masked") << text << int(FrameLogModel::ColMasked) << "1";
    QTest::newRow("wire length") << text << int(FrameLogModel::ColWireLength) << "17";
    QTest::newRow("payload length") << text << int(FrameLogModel::ColPayloadLength) << "11";
    QTest::newRow("preview shows newline symbol")
        << text << int(FrameLogModel::ColPreview) << QStringLiteral("hello↵world");
    EventRecord bin = frame(4, Direction::Out, OpBinary, QByteArray::fromHex("00ff10"), false);
    QTest::newRow("binary preview is hex") << bin << int(FrameLogModel::ColPreview) << "00 ff 10";
    QTest::newRow("out, not final") << bin << int(FrameLogModel::ColFin) << "0";
    QTest::newRow("direction out") << bin << int(FrameLogModel::ColDirection) << "out";
    EventRecord rsv = frame(4, Direction::In, OpText, "x");
    rsv.rsv1 = true;
    rsv.rsv3 = true;
    QTest::newRow("rsv1 compressed") << rsv << int(FrameLogModel::ColRsv1) << "1 deflate";
    QTest::newRow("rsv2 rsv3") << rsv << int(FrameLogModel::ColRsv23) << "0 1";
    EventRecord close = frame(5, Direction::Out, OpClose, closePayload(4001, "bye"));
    QTest::newRow("close preview: code and reason")
        << close << int(FrameLogModel::ColPreview) << "4001 bye";
    QTest::newRow("close opcode") << close << int(FrameLogModel::ColOpcode) << "CLOSE (8)";
    EventRecord reserved = frame(5, Direction::In, 0x3, "");
    QTest::newRow("reserved opcode")
        << reserved << int(FrameLogModel::ColOpcode) << "RESERVED(0x3) (3)";
    EventRecord open = makeEvent(EventRecord::Kind::HandshakeAccepted, 6);
    QTest::newRow("open event row") << open << int(FrameLogModel::ColOpcode) << "OPEN";
    QTest::newRow("event row has no FIN") << open << int(FrameLogModel::ColFin) << "";
}

void TestUiModels::frameLog_displayAndRoles()
{
    QFETCH(EventRecord, record);
    QFETCH(int, column);
    QFETCH(QString, text);
    FrameLogModel model;
    model.addRecords({record});
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, column), Qt::DisplayRole).toString(), text);
    QCOMPARE(model.data(model.index(0, 0), FrameLogModel::FdRole).toInt(), record.fd);
    const bool isFrame = record.kind == EventRecord::Kind::Frame;
    QCOMPARE(model.data(model.index(0, 0), FrameLogModel::OpcodeRole).toInt(),
             isFrame ? int(record.opcode) : -1);
    QCOMPARE(model.data(model.index(0, 0), FrameLogModel::IsControlRole).toBool(),
             isFrame && isControlOpcode(record.opcode));
}

void TestUiModels::frameLog_ringEvictsOldestInBulk()
{
    FrameLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(100);
    EventBatch batch;
    for (int i = 0; i < 80; ++i)
        batch.push_back(frame(1, Direction::In, OpText, QByteArray::number(i)));
    model.addRecords(batch);
    model.flush();
    QCOMPARE(model.rowCount(), 80);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    batch.clear();
    for (int i = 80; i < 150; ++i)
        batch.push_back(frame(1, Direction::In, OpText, QByteArray::number(i)));
    model.addRecords(batch);
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(removed.size(), 1); // one bulk removal, not 50
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(removed.first().at(2).toInt(), 49);
    QCOMPARE(model.evictedRows(), 50);
    QCOMPARE(model.entry(0)->record->payload, QByteArray("50"));
    QCOMPARE(model.entry(99)->record->payload, QByteArray("149"));
    // Sequence numbers stay stable across eviction.
    QCOMPARE(model.data(model.index(0, FrameLogModel::ColNumber), Qt::DisplayRole).toString(),
             QStringLiteral("51"));
    QCOMPARE(model.rowForSeq(51), 0);
    QCOMPARE(model.rowForSeq(50), -1);
}

void TestUiModels::frameLog_moreThanCapacityInOneBatch()
{
    FrameLogModel model;
    model.setCapacity(10);
    EventBatch batch;
    for (int i = 0; i < 25; ++i)
        batch.push_back(frame(2, Direction::Out, OpText, QByteArray::number(i)));
    model.addRecords(batch);
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.evictedRows(), 15);
    QCOMPARE(model.entry(0)->record->payload, QByteArray("15"));
}

void TestUiModels::frameLog_floodKeepsTheNewestPerFlush()
{
    FrameLogModel model; // default capacity 100 000
    const int n = int(FrameLogModel::MaxRowsPerFlush) + 1000;
    EventBatch batch;
    batch.reserve(n);
    for (int i = 0; i < n; ++i)
        batch.push_back(frame(3, Direction::In, OpBinary, QByteArray::number(i)));
    QSignalSpy dropped(&model, &FrameLogModel::dropCountsChanged);
    model.addRecords(batch);
    model.flush();
    // One flush inserts at most MaxRowsPerFlush rows: the newest, the rest counted.
    QCOMPARE(model.rowCount(), int(FrameLogModel::MaxRowsPerFlush));
    QCOMPARE(model.evictedRows(), 1000);
    QVERIFY(!dropped.isEmpty());
    QCOMPARE(model.entry(0)->record->payload, QByteArray::number(1000));
    QCOMPARE(model.entry(model.rowCount() - 1)->record->payload, QByteArray::number(n - 1));
    // Later flushes fill the ring up to its capacity as usual.
    model.addRecords({frame(3, Direction::In, OpBinary, "next")});
    model.flush();
    QCOMPARE(model.rowCount(), int(FrameLogModel::MaxRowsPerFlush) + 1);
}

void TestUiModels::frameLog_payloadBudgetEvicts()
{
    FrameLogModel model;
    model.setPayloadBudget(1000);
    EventBatch batch;
    for (int i = 0; i < 5; ++i)
        batch.push_back(frame(1, Direction::In, OpBinary, QByteArray(300, char(i))));
    model.addRecords(batch);
    model.flush();
    // 5 × 300 bytes exceed 1000: the oldest go until the rest fits (3 × 300 = 900).
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.payloadBytes(), 900);
    QCOMPARE(model.entry(0)->record->payload.at(0), char(2));
}

void TestUiModels::frameLog_insertSignalsAreInclusive()
{
    FrameLogModel model;
    model.addRecords({frame(1, Direction::In, OpText, "a")});
    model.flush();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addRecords({frame(1, Direction::In, OpText, "b"), frame(1, Direction::In, OpText, "c"),
                      frame(1, Direction::In, OpText, "d")});
    model.flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    QCOMPARE(inserted.first().at(2).toInt(), 3); // last is inclusive
}

void TestUiModels::frameLog_serverDropsCounted()
{
    FrameLogModel model;
    EventRecord dropped = makeEvent(EventRecord::Kind::Dropped, 0);
    dropped.count = 1234;
    QSignalSpy spy(&model, &FrameLogModel::dropCountsChanged);
    model.addRecords({dropped, frame(1, Direction::In, OpText, "x")});
    model.flush();
    QCOMPARE(model.serverDropped(), 1234);
    QCOMPARE(model.rowCount(), 1); // the drop record itself is a counter, not a row
    QVERIFY(!spy.isEmpty());
}

void TestUiModels::frameLog_messageAttachedToLastFrame()
{
    FrameLogModel model;
    EventRecord compressed = frame(7, Direction::In, OpText, QByteArray::fromHex("f248cdc9c90700"));
    compressed.rsv1 = true;
    EventRecord message = compressed;
    message.kind = EventRecord::Kind::Message;
    message.payload = "Hello";
    message.messageLength = 5;
    message.fragments = 1;
    model.addRecords({compressed, message});
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    const LogEntry *e = model.entry(0);
    QVERIFY(e->message);
    QCOMPARE(e->message->payload, QByteArray("Hello"));
    QCOMPARE(model.data(model.index(0, FrameLogModel::ColPreview), Qt::DisplayRole).toString(),
             QStringLiteral("Hello"));
    QCOMPARE(
        model.data(model.index(0, FrameLogModel::ColPayloadLength), Qt::DisplayRole).toString(),
        QStringLiteral("7 → 5"));

    // A message arriving in a later batch still finds its (already inserted) frame.
    model.addRecords({frame(7, Direction::In, OpText, "late")});
    model.flush();
    EventRecord lateMessage = message;
    lateMessage.payload = "late";
    lateMessage.messageLength = 4;
    model.addRecords({lateMessage});
    model.flush();
    QVERIFY(model.entry(1)->message);
    QCOMPARE(model.entry(1)->message->payload, QByteArray("late"));

    // A compressed push: its message record goes to the outgoing frame, not to the last
    // incoming one, even when an incoming frame of the same fd comes in between.
    EventRecord pushed = frame(7, Direction::Out, OpText, QByteArray::fromHex("f248cdc9c90700"));
    pushed.rsv1 = true;
    EventRecord pushedMessage = pushed;
    pushedMessage.kind = EventRecord::Kind::Message;
    pushedMessage.payload = "Hello";
    pushedMessage.messageLength = 5;
    pushedMessage.fragments = 1;
    model.addRecords({pushed, frame(7, Direction::In, OpText, "between"), pushedMessage});
    model.flush();
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(model.entry(2)->message);
    QCOMPARE(model.entry(2)->message->payload, QByteArray("Hello"));
    QCOMPARE(model.entry(2)->message->direction, Direction::Out);
    QVERIFY(!model.entry(3)->message);
    QCOMPARE(model.data(model.index(2, FrameLogModel::ColPreview), Qt::DisplayRole).toString(),
             QStringLiteral("Hello"));
}

void TestUiModels::frameLog_fragmentRows()
{
    FrameLogModel model;
    model.addRecords(
        {frame(1, Direction::In, OpText, "He", false), frame(2, Direction::In, OpText, "other"),
         frame(1, Direction::In, OpPing, "p"), frame(1, Direction::In, OpContinuation, "ll", false),
         frame(1, Direction::In, OpContinuation, "o", true)});
    model.flush();
    QCOMPARE(model.messageRows(4), (QVector<int>{0, 3, 4}));
    QCOMPARE(model.messageRows(1), (QVector<int>{1}));
    QVERIFY(model.messageRows(2).isEmpty()); // control frames are not messages
}

void TestUiModels::frameLog_gapsAfterAFloodKeepRowsApart()
{
    // A flood drops the oldest pending rows from view: the sequence numbers of the rows then
    // have gaps. A message whose frame was dropped must not land on another row, and
    // rowForSeq() must find rows past the gap (the window crashed under (b) load when a
    // message in the next batch looked up its dropped frame by seq arithmetic).
    FrameLogModel model;
    model.addRecords({frame(2, Direction::In, OpBinary, "first")});
    model.flush(); // row 0, seq 1
    EventBatch flood;
    flood.push_back(frame(1, Direction::In, OpText, "dropped")); // seq 2: dropped below
    for (int i = 0; i < int(FrameLogModel::MaxRowsPerFlush) + 10; ++i)
        flood.push_back(frame(3, Direction::In, OpBinary, QByteArray::number(i)));
    model.addRecords(flood);
    model.flush();
    QCOMPARE(model.evictedRows(), 11);
    QCOMPARE(model.rowCount(), int(FrameLogModel::MaxRowsPerFlush) + 1);
    // The message of fd 1's frame comes in the next batch: its frame is gone.
    EventRecord message = makeEvent(EventRecord::Kind::Message, 1);
    message.opcode = OpText;
    message.payload = "dropped";
    model.addRecords({message});
    model.flush();
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY2(!model.entry(row)->message, qPrintable(QString::number(row)));
    // Every row is found by its own seq, past the gap too.
    for (int row : {0, 1, 2, model.rowCount() / 2, model.rowCount() - 1}) {
        const quint64 seq = model.entry(row)->seq;
        QCOMPARE(model.rowForSeq(seq), row);
    }
    QCOMPARE(model.rowForSeq(2), -1); // the dropped one
    QCOMPARE(model.rowForSeq(5), -1);
    // A later frame and its message still pair up.
    model.addRecords({frame(1, Direction::In, OpText, "kept")});
    EventRecord kept = message;
    kept.payload = "kept";
    model.addRecords({kept});
    model.flush();
    const LogEntry *last = model.entry(model.rowCount() - 1);
    QVERIFY(last->message);
    QCOMPARE(last->message->payload, QByteArray("kept"));
}

void TestUiModels::frameLog_floodBatchDropsItsOldestRows()
{
    // One batch with more rows than a flush shows: its oldest are dropped from view, but
    // their frames still count for what follows. A compressed message fragmented across
    // the cut keeps its RSV1 on the continuations that are kept, and a message whose last
    // frame was skipped attaches to nothing.
    FrameLogModel model;
    model.addRecords({frame(2, Direction::In, OpBinary, "older")}); // pending, then dropped
    const int n = int(FrameLogModel::MaxRowsPerFlush);
    EventBatch flood;
    EventRecord first = frame(1, Direction::In, OpText, "a", false); // skipped
    first.rsv1 = true;
    flood.push_back(first);
    flood.push_back(frame(4, Direction::In, OpText, "skipped")); // skipped
    EventRecord skippedMessage = makeEvent(EventRecord::Kind::Message, 4);
    skippedMessage.opcode = OpText;
    skippedMessage.payload = "skipped";
    flood.push_back(skippedMessage);
    for (int i = 0; i < n - 2; ++i)
        flood.push_back(frame(3, Direction::In, OpBinary, QByteArray::number(i)));
    flood.push_back(frame(1, Direction::In, OpContinuation, "b", false));
    flood.push_back(frame(1, Direction::In, OpContinuation, "c", true));
    EventRecord message = makeEvent(EventRecord::Kind::Message, 1);
    message.opcode = OpText;
    message.rsv1 = true;
    message.payload = "inflated abc";
    flood.push_back(message);
    model.addRecords(flood);
    QCOMPARE(model.pendingRows(), qint64(n));
    model.flush();
    QCOMPARE(model.rowCount(), n);
    QCOMPARE(model.evictedRows(), 3); // "older", the first fragment, fd 4's frame
    QCOMPARE(model.entry(0)->record->payload, QByteArray("0"));
    for (int row = 0; row < n - 2; ++row)
        QVERIFY2(!model.entry(row)->message, qPrintable(QString::number(row)));
    const LogEntry *b = model.entry(n - 2);
    const LogEntry *c = model.entry(n - 1);
    QCOMPARE(b->record->payload, QByteArray("b"));
    QVERIFY(b->compressed);
    QVERIFY(c->compressed);
    QVERIFY(c->message);
    QCOMPARE(c->message->payload, QByteArray("inflated abc"));
    // The skipped rows' seqs are not reused: every row is found by its own.
    for (int row : {0, n / 2, n - 1})
        QCOMPARE(model.rowForSeq(model.entry(row)->seq), row);
}

void TestUiModels::frameLog_pendingRowsReleaseTheirBatches()
{
    // The server records nothing once 64 batches are held. Pending rows hold their batches
    // (and the batches of messages attached to them) only until they are dropped or shown.
    FrameLogModel model;
    const auto one = [](const EventRecord &r) {
        return std::make_shared<const EventBatch>(EventBatch{r});
    };
    const EventBatchPtr b1 = one(frame(1, Direction::In, OpText, "hello"));
    EventRecord message = makeEvent(EventRecord::Kind::Message, 1);
    message.opcode = OpText;
    message.payload = "hello";
    const EventBatchPtr b2 = one(message);
    model.addBatch(b1);
    model.addBatch(b2);
    QCOMPARE(b1.use_count(), 2);
    QCOMPARE(b2.use_count(), 2); // the pending row's message points into it
    EventBatch flood;
    for (int i = 0; i < int(FrameLogModel::MaxRowsPerFlush); ++i)
        flood.push_back(frame(3, Direction::In, OpBinary, "x"));
    const auto b3 = std::make_shared<const EventBatch>(flood);
    model.addBatch(b3); // fd 1's row is trimmed: both its batches go
    QCOMPARE(b1.use_count(), 1);
    QCOMPARE(b2.use_count(), 1);
    QCOMPARE(b3.use_count(), 2);
    QCOMPARE(model.evictedRows(), 1);
    model.flush(); // shown rows are copies
    QCOMPARE(b3.use_count(), 1);
    QCOMPARE(model.rowCount(), int(FrameLogModel::MaxRowsPerFlush));
    // A batch with nothing to show is not held at all, even with rows pending.
    model.addBatch(one(frame(3, Direction::In, OpBinary, "pending")));
    const EventBatchPtr idle = one(makeEvent(EventRecord::Kind::StatusChanged, 3));
    model.addBatch(idle);
    QCOMPARE(idle.use_count(), 1);
    model.flush();
    // The message of a shown row is copied, its batch not held.
    model.addBatch(b1);
    model.flush();
    model.addBatch(b2);
    QCOMPARE(b2.use_count(), 1);
    QVERIFY(model.entry(model.rowCount() - 1)->message);
    QCOMPARE(model.entry(model.rowCount() - 1)->message->payload, QByteArray("hello"));
}

void TestUiModels::frameLog_floodSlowsTheFlushes()
{
    // A flood is shown every BusyIntervalMs; once it is light again, at the set interval.
    FrameLogModel model;
    QCOMPARE(model.flushInterval(), FrameLogModel::DefaultFlushIntervalMs);
    EventBatch flood;
    for (int i = 0; i < FrameLogModel::BusyRows; ++i)
        flood.push_back(frame(1, Direction::In, OpBinary, "x"));
    model.addRecords(flood);
    model.flush();
    QCOMPARE(model.flushInterval(), FrameLogModel::BusyIntervalMs);
    model.addRecords({frame(1, Direction::In, OpBinary, "y")});
    model.flush(); // light: back to the set interval
    QCOMPARE(model.flushInterval(), FrameLogModel::DefaultFlushIntervalMs);
    model.addRecords(flood);
    model.flush();
    QCOMPARE(model.flushInterval(), FrameLogModel::BusyIntervalMs);
    model.flush(); // nothing pending: the flood is over
    QCOMPARE(model.flushInterval(), FrameLogModel::DefaultFlushIntervalMs);
    // A base interval longer than the busy one is kept.
    model.setFlushInterval(400);
    model.addRecords(flood);
    model.flush();
    QCOMPARE(model.flushInterval(), 400);
    QCOMPARE(model.rowCount(), 3 * FrameLogModel::BusyRows + 1);
}

void TestUiModels::frameLog_flushTimerCoalesces()
{
    FrameLogModel model;
    model.setFlushInterval(20);
    QSignalSpy flushed(&model, &FrameLogModel::flushed);
    for (int i = 0; i < 50; ++i)
        model.addRecords({frame(1, Direction::In, OpText, "x")});
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 50, 5000);
    // Fifty additions before the event loop ran are one insert.
    QCOMPARE(flushed.first().at(0).toInt(), 50);
}

void TestUiModels::filter_data()
{
    QTest::addColumn<QString>("fds");
    QTest::addColumn<int>("opcode");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVector<int>>("rows");

    using O = FrameFilterProxy::OpcodeFilter;
    using D = FrameFilterProxy::DirectionFilter;
    // Source rows: 0 in TEXT fd1 "hello", 1 out TEXT fd1 "HELLO back", 2 in BINARY fd2,
    // 3 in PING fd2, 4 out CLOSE fd1, 5 open event fd3, 6 protocol error fd2.
    QTest::newRow("all") << "" << int(O::All) << int(D::Both) << ""
                         << QVector<int>{0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("fd 1") << "1" << int(O::All) << int(D::Both) << "" << QVector<int>{0, 1, 4};
    QTest::newRow("fd 2 and 3") << "2,3" << int(O::All) << int(D::Both) << ""
                                << QVector<int>{2, 3, 5, 6};
    QTest::newRow("in") << "" << int(O::All) << int(D::In) << "" << QVector<int>{0, 2, 3};
    QTest::newRow("out") << "" << int(O::All) << int(D::Out) << "" << QVector<int>{1, 4};
    QTest::newRow("data") << "" << int(O::Data) << int(D::Both) << "" << QVector<int>{0, 1, 2};
    QTest::newRow("control") << "" << int(O::Control) << int(D::Both) << "" << QVector<int>{3, 4};
    QTest::newRow("close") << "" << int(O::Close) << int(D::Both) << "" << QVector<int>{4};
    QTest::newRow("events") << "" << int(O::Events) << int(D::Both) << "" << QVector<int>{5, 6};
    QTest::newRow("errors") << "" << int(O::Errors) << int(D::Both) << "" << QVector<int>{6};
    QTest::newRow("text, case-insensitive")
        << "" << int(O::All) << int(D::Both) << "hello" << QVector<int>{0, 1};
    QTest::newRow("text and direction")
        << "" << int(O::Text) << int(D::Out) << "hello" << QVector<int>{1};
    QTest::newRow("nothing") << "9" << int(O::All) << int(D::Both) << "" << QVector<int>{};
}

void TestUiModels::filter()
{
    QFETCH(QString, fds);
    QFETCH(int, opcode);
    QFETCH(int, direction);
    QFETCH(QString, text);
    QFETCH(QVector<int>, rows);

    FrameLogModel model;
    EventRecord error = makeEvent(EventRecord::Kind::ProtocolError, 2);
    error.text = QStringLiteral("RFC 6455 §5.5: control frame too long");
    error.closeCode = 1002;
    model.addRecords({frame(1, Direction::In, OpText, "hello"),
                      frame(1, Direction::Out, OpText, "HELLO back"),
                      frame(2, Direction::In, OpBinary, QByteArray::fromHex("0102")),
                      frame(2, Direction::In, OpPing, "p"),
                      frame(1, Direction::Out, OpClose, closePayload(1000, "")),
                      makeEvent(EventRecord::Kind::HandshakeAccepted, 3), error});
    model.flush();
    FrameFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    QSet<int> fdSet;
    for (const QString &part : fds.split(QLatin1Char(','), Qt::SkipEmptyParts))
        fdSet.insert(part.toInt());
    proxy.setFds(fdSet);
    proxy.setOpcodeFilter(FrameFilterProxy::OpcodeFilter(opcode));
    proxy.setDirectionFilter(FrameFilterProxy::DirectionFilter(direction));
    proxy.setText(text);
    QVector<int> got;
    for (int r = 0; r < proxy.rowCount(); ++r)
        got << proxy.mapToSource(proxy.index(r, 0)).row();
    QCOMPARE(got, rows);
}

void TestUiModels::filter_followsLiveInserts()
{
    FrameLogModel model;
    model.setCapacity(5);
    FrameFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setFds({2});
    for (int i = 0; i < 4; ++i) {
        model.addRecords(
            {frame(1, Direction::In, OpText, "a"), frame(2, Direction::In, OpText, "b")});
        model.flush();
    }
    // The ring holds the last 5 rows: b a b a b → three rows of fd 2.
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(proxy.rowCount(), 3);
}

void TestUiModels::connections_countersRepaintOnATimer()
{
    // Frame counters change with every batch of a flood: they are announced on a timer, not
    // per batch (a repaint per batch took a third of the CPU the server shares). Status
    // changes are announced with their batch.
    ConnectionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addRecords({makeEvent(EventRecord::Kind::TcpConnected, 1),
                      makeEvent(EventRecord::Kind::TcpConnected, 2)});
    for (int i = 0; i < 50; ++i)
        model.addRecords(
            {frame(1, Direction::In, OpText, "x"), frame(2, Direction::Out, OpText, "y")});
    QCOMPARE(model.recordForFd(1)->framesIn, 50); // counted at once
    QCOMPARE(model.recordForFd(2)->framesOut, 50);
    QCOMPARE(model.pendingCounterRows(), 2);
    const int beforeTimer = int(changed.size());
    QVERIFY(beforeTimer <= 2); // the connects; not 100 counter repaints
    QTRY_COMPARE_WITH_TIMEOUT(model.pendingCounterRows(), 0, 5 * ConnectionModel::CounterRepaintMs);
    QCOMPARE(int(changed.size()) - beforeTimer, 2); // one per row
    for (int i = beforeTimer; i < changed.size(); ++i) {
        const auto topLeft = changed.at(i).at(0).value<QModelIndex>();
        QCOMPARE(topLeft.column(), int(ConnectionModel::ColFramesIn));
    }
    // A status change shows with its batch, counters included.
    model.addRecords({frame(1, Direction::In, OpText, "x")});
    EventRecord closing = makeEvent(EventRecord::Kind::CloseStarted, 1);
    closing.initiator = Initiator::Client;
    const int beforeClose = int(changed.size());
    model.addRecords({closing});
    QCOMPARE(int(changed.size()), beforeClose + 1);
    QCOMPARE(model.pendingCounterRows(), 0);
    // Rows removed while counters wait: nothing is announced for rows that moved.
    model.addRecords({frame(2, Direction::In, OpText, "z")});
    model.addRecords({makeEvent(EventRecord::Kind::Closed, 1)});
    model.clearClosed();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pendingCounterRows(), 0);
    QCOMPARE(model.recordForFd(2)->framesIn, 1);
}

void TestUiModels::connections_lifecycle()
{
    ConnectionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventRecord tcp = makeEvent(EventRecord::Kind::TcpConnected, 1);
    tcp.peerAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    tcp.peerPort = 50000;
    EventRecord open = makeEvent(EventRecord::Kind::HandshakeAccepted, 1);
    open.subprotocol = "chat";
    open.extensions = "permessage-deflate; client_max_window_bits=15";
    open.requestHead = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    open.responseHead = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
    model.addRecords({tcp, open, frame(1, Direction::In, OpText, "hello"),
                      frame(1, Direction::Out, OpText, "hello")});
    QCOMPARE(model.rowCount(), 1);
    const auto cell = [&model](int column) {
        return model.data(model.index(0, column), Qt::DisplayRole).toString();
    };
    QCOMPARE(cell(ConnectionModel::ColFd), QStringLiteral("1"));
    QCOMPARE(cell(ConnectionModel::ColPeer), QStringLiteral("127.0.0.1:50000"));
    QCOMPARE(cell(ConnectionModel::ColStatus), QStringLiteral("3 ACTIVE"));
    QCOMPARE(cell(ConnectionModel::ColSubprotocol), QStringLiteral("chat"));
    QCOMPARE(cell(ConnectionModel::ColCompression),
             QStringLiteral("deflate client_max_window_bits=15"));
    QCOMPARE(cell(ConnectionModel::ColFramesIn), QStringLiteral("1"));
    QCOMPARE(cell(ConnectionModel::ColFramesOut), QStringLiteral("1"));
    QCOMPARE(cell(ConnectionModel::ColBytesIn), QStringLiteral("11 B"));
    QCOMPARE(model.record(0)->requestHead, open.requestHead);
    QCOMPARE(model.establishedCount(), 1);
    QVERIFY(!model.data(model.index(0, 0), Qt::ForegroundRole).isValid());

    EventRecord closing = makeEvent(EventRecord::Kind::CloseStarted, 1);
    closing.initiator = Initiator::Server;
    closing.closeCode = 4001;
    closing.closeReason = "bye";
    model.addRecords({closing});
    QCOMPARE(cell(ConnectionModel::ColStatus), QStringLiteral("4 CLOSING"));
    EventRecord closed = makeEvent(EventRecord::Kind::Closed, 1);
    closed.closeCode = 4001;
    closed.closeReason = "bye";
    closed.initiator = Initiator::Server;
    closed.closeHandshakeUs = 800;
    model.addRecords({closed});
    QCOMPARE(cell(ConnectionModel::ColStatus), QStringLiteral("5 CLOSED"));
    QCOMPARE(cell(ConnectionModel::ColCloseCode), QStringLiteral("4001"));
    QCOMPARE(cell(ConnectionModel::ColCloseReason), QStringLiteral("bye"));
    QCOMPARE(cell(ConnectionModel::ColClosedBy), QStringLiteral("server"));
    QVERIFY(model.data(model.index(0, 0), Qt::ForegroundRole).isValid()); // greyed
    QCOMPARE(model.openCount(), 0);
}

void TestUiModels::connections_clearClosedKeepsOpen()
{
    ConnectionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventBatch batch;
    for (int fd = 1; fd <= 6; ++fd)
        batch.push_back(makeEvent(EventRecord::Kind::TcpConnected, fd));
    for (int fd : {1, 2, 4, 6}) {
        EventRecord closed = makeEvent(EventRecord::Kind::Closed, fd);
        closed.closeCode = 1000;
        batch.push_back(closed);
    }
    model.addRecords(batch);
    QCOMPARE(model.rowCount(), 6);
    model.clearClosed();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.record(0)->fd, 3);
    QCOMPARE(model.record(1)->fd, 5);
    QCOMPARE(model.rowForFd(5), 1);
    QCOMPARE(model.rowForFd(4), -1);
    // New events for a kept fd still land on the right row.
    model.addRecords({frame(5, Direction::In, OpText, "x")});
    QCOMPARE(model.record(1)->framesIn, 1);
}

void TestUiModels::connections_rttKeepsLastFew()
{
    ConnectionModel model;
    EventBatch batch{makeEvent(EventRecord::Kind::TcpConnected, 1)};
    for (int i = 1; i <= 12; ++i) {
        EventRecord rtt = makeEvent(EventRecord::Kind::PingRtt, 1);
        rtt.rttUs = i * 100;
        batch.push_back(rtt);
    }
    model.addRecords(batch);
    const ConnectionRecord *c = model.record(0);
    QCOMPARE(c->rttsUs.size(), ConnectionModel::MaxRtts);
    QCOMPARE(c->rttsUs.last(), 1200);
}

void TestUiModels::closeTracker_serverInitiated()
{
    CloseTracker tracker;
    EventRecord started = makeEvent(EventRecord::Kind::CloseStarted, 4);
    started.initiator = Initiator::Server;
    started.closeCode = 4001;
    started.closeReason = "bye";
    EventRecord out = frame(4, Direction::Out, OpClose, closePayload(4001, "bye"), true, 1000);
    EventRecord in = frame(4, Direction::In, OpClose, closePayload(4001, "bye"), true, 1900);
    EventRecord closed = makeEvent(EventRecord::Kind::Closed, 4);
    closed.closeCode = 4001;
    closed.closeReason = "bye";
    closed.initiator = Initiator::Server;
    closed.closeHandshakeUs = 900;
    tracker.addRecords({started, out, in, closed});
    QCOMPARE(tracker.sessions().size(), 1);
    const CloseSession *s = tracker.sessionForFd(4);
    QVERIFY(s);
    QCOMPARE(s->frames.size(), 2);
    QCOMPARE(s->frames[0].direction, Direction::Out);
    QCOMPARE(s->frames[1].direction, Direction::In);
    QCOMPARE(s->frames[1].code, quint16(4001));
    QCOMPARE(s->initiator, Initiator::Server);
    QCOMPARE(s->handshakeUs, 900);
    QVERIFY(s->finished);
    QVERIFY(!s->held);
    QVERIFY(!s->abrupt());
}

void TestUiModels::closeTracker_abrupt()
{
    CloseTracker tracker;
    EventRecord closed = makeEvent(EventRecord::Kind::Closed, 9);
    closed.closeCode = 1006;
    closed.initiator = Initiator::Abnormal;
    tracker.addRecords({closed});
    const CloseSession *s = tracker.sessionForFd(9);
    QVERIFY(s);
    QVERIFY(s->abrupt());
    QVERIFY(s->frames.isEmpty());
}

void TestUiModels::closeTracker_heldIncoming()
{
    CloseTracker tracker;
    tracker.setHoldIncoming(true);
    QSignalSpy held(&tracker, &CloseTracker::closeHeld);
    tracker.addRecords({frame(2, Direction::In, OpClose, closePayload(1000, "done"))});
    QCOMPARE(held.size(), 1);
    QCOMPARE(held.first().at(0).toInt(), 2);
    QVERIFY(tracker.sessionForFd(2)->held);
    QCOMPARE(tracker.sessionForFd(2)->initiator, Initiator::Client);
    // The user's reply goes out: no longer held.
    tracker.addRecords({frame(2, Direction::Out, OpClose, closePayload(4000, "nope"))});
    QVERIFY(!tracker.sessionForFd(2)->held);
    QCOMPARE(tracker.sessionForFd(2)->frames.size(), 2);

    CloseTracker normal; // open_websocket_close_frame off: the server answers by itself
    normal.addRecords({frame(2, Direction::In, OpClose, closePayload(1000, ""))});
    QVERIFY(!normal.sessionForFd(2)->held);
}

// A push the server refused is a row among the frames, marked like a protocol error, and
// survives an export and import.
void TestUiModels::frameLog_failedPushStandsOut()
{
    EventRecord failed = makeEvent(EventRecord::Kind::OperationFailed, 1);
    failed.operation = Operation::Push;
    failed.serverError = quint8(ServerError::PayloadTooLarge);
    failed.payloadLength = 4194304;
    failed.count = 2097152;
    failed.text = QStringLiteral(
        "push of 4194304 bytes to fd 1 refused: larger than buffer_output_size (2097152)");
    EventRecord protocolError = makeEvent(EventRecord::Kind::ProtocolError, 2);
    protocolError.text = QStringLiteral("RFC 6455 §5.1: unmasked");
    protocolError.closeCode = 1002;
    FrameLogModel model;
    model.addRecords({frame(1, Direction::In, OpText, "x"), failed, protocolError});
    model.flush();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(1, FrameLogModel::ColOpcode), Qt::DisplayRole).toString(),
             QStringLiteral("NOT SENT"));
    QCOMPARE(model.data(model.index(1, FrameLogModel::ColPreview), Qt::DisplayRole).toString(),
             failed.text);
    QCOMPARE(model.data(model.index(1, FrameLogModel::ColFd), Qt::DisplayRole).toString(),
             QStringLiteral("1"));
    QVERIFY(model.data(model.index(1, 0), FrameLogModel::IsErrorRole).toBool());
    QVERIFY(!model.data(model.index(0, 0), FrameLogModel::IsErrorRole).toBool());
    // The same tint as a protocol error, unlike an ordinary frame.
    QCOMPARE(model.data(model.index(1, 0), Qt::BackgroundRole),
             model.data(model.index(2, 0), Qt::BackgroundRole));
    QVERIFY(model.data(model.index(1, 0), Qt::BackgroundRole) !=
            model.data(model.index(0, 0), Qt::BackgroundRole));

    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QCOMPARE(exportJsonLines(model, buffer), 3);
    const QJsonObject line = QJsonDocument::fromJson(buffer.data().split('\n').at(1)).object();
    QCOMPARE(line.value("event").toString(), QStringLiteral("error"));
    QCOMPARE(line.value("operation").toString(), QStringLiteral("push"));
    QCOMPARE(line.value("error").toString(), QStringLiteral("payload_too_large"));
    QCOMPARE(line.value("option").toString(), QStringLiteral("buffer_output_size"));
    buffer.seek(0);
    int skipped = -1;
    const EventBatch back = importJsonLines(buffer, &skipped, nullptr);
    QCOMPARE(skipped, 0);
    QCOMPARE(back.size(), 3);
    const EventRecord &again = back.at(1);
    QCOMPARE(again.kind, EventRecord::Kind::OperationFailed);
    QCOMPARE(again.fd, 1);
    QCOMPARE(again.operation, Operation::Push);
    QCOMPARE(ServerError(again.serverError), ServerError::PayloadTooLarge);
    QCOMPARE(again.payloadLength, qint64(4194304));
    QCOMPARE(again.count, qint64(2097152));
    QCOMPARE(again.text, failed.text);
}

void TestUiModels::jsonl_roundTrip()
{
    FrameLogModel model;
    EventRecord text = frame(1, Direction::In, OpText, "héllo", true, 1'700'000'000'123'456);
    EventRecord bin = frame(1, Direction::Out, OpBinary, QByteArray::fromHex("00ff"), false);
    EventRecord compressed = frame(2, Direction::In, OpText, QByteArray::fromHex("f248cdc9c90700"));
    compressed.rsv1 = true;
    EventRecord message = compressed;
    message.kind = EventRecord::Kind::Message;
    message.payload = "Hello";
    message.messageLength = 5;
    message.fragments = 1;
    EventRecord close = frame(1, Direction::Out, OpClose, closePayload(4001, "bye"));
    EventRecord closed = makeEvent(EventRecord::Kind::Closed, 1);
    closed.closeCode = 4001;
    closed.closeReason = "bye";
    closed.initiator = Initiator::Server;
    closed.closeHandshakeUs = 1234;
    model.addRecords({text, bin, compressed, message, close, closed});
    model.flush();

    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QCOMPARE(exportJsonLines(model, buffer), 5);
    const QList<QByteArray> lines = buffer.data().split('\n');
    QVERIFY(lines[0].contains("\"time\":\"2023-11-14T22:13:20.123456Z\""));
    QVERIFY(lines[0].contains("\"payload\":\"héllo\""));
    QVERIFY(lines[1].contains("\"payload_base64\":\"AP8=\""));
    QVERIFY(lines[3].contains("\"code\":4001"));
    QVERIFY(lines[3].contains("\"reason\":\"bye\""));

    buffer.seek(0);
    int skipped = -1;
    const EventBatch back = importJsonLines(buffer, &skipped, nullptr);
    QCOMPARE(skipped, 0);
    FrameLogModel imported;
    imported.addRecords(back);
    imported.flush();
    QCOMPARE(imported.rowCount(), model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = FrameLogModel::ColTime; column < FrameLogModel::ColumnCount; ++column) {
            QCOMPARE(imported.data(imported.index(row, column), Qt::DisplayRole),
                     model.data(model.index(row, column), Qt::DisplayRole));
        }
    }
    QVERIFY(imported.entry(2)->message);
    QCOMPARE(imported.entry(2)->message->payload, QByteArray("Hello"));
    QCOMPARE(imported.entry(4)->record->closeHandshakeUs, 1234);
}

void TestUiModels::jsonl_rejectsJunk()
{
    QBuffer buffer;
    buffer.setData("not json\n{\"event\":\"request\",\"fd\":1}\n"
                   "{\"time\":1700000000.5,\"event\":\"frame\",\"fd\":3,\"direction\":\"in\","
                   "\"opcode\":1,\"payload\":\"hi\"}\n");
    buffer.open(QIODevice::ReadOnly);
    int skipped = 0;
    QString firstError;
    const EventBatch records = importJsonLines(buffer, &skipped, &firstError);
    QCOMPARE(skipped, 2);
    QVERIFY(!firstError.isEmpty());
    QCOMPARE(records.size(), 1);
    QCOMPARE(records[0].fd, 3);
    QCOMPARE(records[0].payload, QByteArray("hi"));
    QCOMPARE(records[0].timeUs, 1'700'000'000'500'000);
}

void TestUiModels::jsonl_readsHeadlessLog()
{
    // Lines as the headless runner writes them (--log-format jsonl).
    QBuffer buffer;
    buffer.setData(
        "{\"time\":\"2026-11-26T01:00:00.000Z\",\"event\":\"connect\",\"fd\":1,\"peer\":\"127.0.0."
        "1:5000\"}\n"
        "{\"time\":\"2026-11-26T01:00:00.001Z\",\"event\":\"open\",\"fd\":1,\"peer\":\"127.0.0.1:"
        "5000\","
        "\"subprotocol\":\"\",\"extensions\":\"permessage-deflate\"}\n"
        "{\"time\":\"2026-11-26T01:00:00.002Z\",\"event\":\"frame\",\"fd\":1,\"direction\":\"in\","
        "\"opcode\":1,\"fin\":true,\"rsv1\":true,\"rsv2\":false,\"rsv3\":false,\"masked\":true,"
        "\"length\":7,\"wire_length\":13,\"payload_base64\":\"8kjNyckHAA==\",\"truncated\":false}\n"
        "{\"time\":\"2026-11-26T01:00:00.002Z\",\"event\":\"message\",\"fd\":1,\"direction\":"
        "\"in\","
        "\"opcode\":1,\"fin\":true,\"rsv1\":true,\"length\":5,\"fragments\":1,\"payload\":"
        "\"Hello\","
        "\"truncated\":false}\n"
        "{\"time\":\"2026-11-26T01:00:00.003Z\",\"event\":\"protocol_error\",\"fd\":1,"
        "\"error\":\"invalid_utf8\",\"code\":1007,\"rule\":\"RFC 6455 §8.1: invalid UTF-8\"}\n"
        "{\"time\":\"2026-11-26T01:00:00.004Z\",\"event\":\"close\",\"fd\":1,\"code\":1007,"
        "\"reason\":\"\",\"initiator\":\"server\",\"close_handshake_us\":250}\n");
    buffer.open(QIODevice::ReadOnly);
    int skipped = 0;
    const EventBatch records = importJsonLines(buffer, &skipped, nullptr);
    QCOMPARE(skipped, 1); // "connect" is not a frame-log row
    FrameLogModel model;
    model.addRecords(records);
    model.flush();
    QCOMPARE(model.rowCount(), 4); // open, frame (+ message attached), error, close
    QCOMPARE(
        model.data(model.index(1, FrameLogModel::ColPayloadLength), Qt::DisplayRole).toString(),
        QStringLiteral("7 → 5"));
    QCOMPARE(model.data(model.index(1, FrameLogModel::ColPreview), Qt::DisplayRole).toString(),
             QStringLiteral("Hello"));
    QCOMPARE(model.data(model.index(2, FrameLogModel::ColOpcode), Qt::DisplayRole).toString(),
             QStringLiteral("PROTOCOL ERROR"));
    QVERIFY(model.data(model.index(2, 0), FrameLogModel::IsErrorRole).toBool());
    QCOMPARE(model.entry(3)->record->closeCode, quint16(1007));
    QCOMPARE(model.entry(3)->record->initiator, Initiator::Server);
}

void TestUiModels::formatting_hexInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("spaced") << "48 65 6c" << true << QByteArray("Hel");
    QTest::newRow("packed") << "48656C" << true << QByteArray("Hel");
    QTest::newRow("0x commas") << "0x48,0x65" << true << QByteArray("He");
    QTest::newRow("empty") << "" << true << QByteArray();
    QTest::newRow("odd digits") << "486" << false << QByteArray();
    QTest::newRow("junk") << "zz" << false << QByteArray();
}

void TestUiModels::formatting_hexInput()
{
    QFETCH(QString, input);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QByteArray out;
    QCOMPARE(parseHexInput(input, out), ok);
    if (ok)
        QCOMPARE(out, bytes);
}

void TestUiModels::formatting_previewAndJson()
{
    QCOMPARE(prettyJson("{\"a\":1}"), QStringLiteral("{\n    \"a\": 1\n}\n"));
    // Key order and number spelling as sent; strings with brackets untouched.
    QCOMPARE(prettyJson("{\"z\":1.50,\"a\":[],\"s\":\"x,{\\\"]\"}"),
             QStringLiteral("{\n    \"z\": 1.50,\n    \"a\": [],\n    \"s\": \"x,{\\\"]\"\n}\n"));
    QCOMPARE(prettyJson("[1, {\"b\": 2}]"),
             QStringLiteral("[\n    1,\n    {\n        \"b\": 2\n    }\n]\n"));
    QVERIFY(prettyJson("hello").isEmpty());
    QVERIFY(hexDump("ABC").startsWith(QStringLiteral("00000000  41 42 43")));
    QVERIFY(hexDump("ABC").contains(QStringLiteral("|ABC|")));
    QCOMPARE(payloadPreview(QByteArray(300, 'x'), OpText, 10),
             QString(10, QLatin1Char('x')) + QStringLiteral("…"));
    // Issue 14: binary, and text that is not UTF-8, preview as hex alike; a character cut
    // by the preview's length is still text.
    QCOMPARE(payloadPreview("ab\xff", OpText), QStringLiteral("61 62 ff"));
    QCOMPARE(payloadPreview("ab\xff", OpBinary), QStringLiteral("61 62 ff"));
    QCOMPARE(payloadPreview(QString(200, QChar(0x00e4)).toUtf8(), OpText, 10),
             QString(10, QChar(0x00e4)) + QStringLiteral("…"));
    QCOMPARE(websocketStatusLabel(StatusActive), QStringLiteral("3 ACTIVE"));
    QVERIFY(closeCodeDescription(1000).startsWith(QStringLiteral("WEBSOCKET_CLOSE_NORMAL")));
}

void TestUiModels::settings_commandLineWins()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    ServerOptions saved;
    saved.websocket_compression = true;
    saved.max_connection = 77;
    saved.websocket_subprotocol = QStringLiteral("chat");
    saved.buffer_output_size = 5'000'000'000LL;
    saveServerOptions(settings, saved);

    ServerOptions loaded;
    loadServerOptions(settings, loaded);
    QCOMPARE(loaded.websocket_compression, true);
    QCOMPARE(loaded.max_connection, 77);
    QCOMPARE(loaded.websocket_subprotocol, QStringLiteral("chat"));
    QCOMPARE(loaded.buffer_output_size, 5'000'000'000LL);

    ServerOptions fromCommandLine;
    fromCommandLine.max_connection = 5;
    loadServerOptions(settings, fromCommandLine, {QStringLiteral("max-connection")});
    QCOMPARE(fromCommandLine.max_connection, 5);           // explicit: kept
    QCOMPARE(fromCommandLine.websocket_compression, true); // not explicit: saved value
    // The command line's short spellings count too.
    saved.close_timeout_ms = 999;
    saved.reactor_num = 4;
    saveServerOptions(settings, saved);
    ServerOptions shortNames;
    loadServerOptions(settings, shortNames,
                      {QStringLiteral("close-timeout"), QStringLiteral("threads")});
    QCOMPARE(shortNames.close_timeout_ms, ServerOptions{}.close_timeout_ms);
    QCOMPARE(shortNames.reactor_num, ServerOptions{}.reactor_num);
    QCOMPARE(shortNames.max_connection, 77);

    settings.setValue(QStringLiteral("server/websocket_compression_level"), 42); // out of range
    ServerOptions guarded;
    loadServerOptions(settings, guarded);
    QCOMPARE(guarded.websocket_compression_level, 6);
}

void TestUiModels::eventLoopProbe_seesABlockedLoop()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("probe.jsonl"));
    EventLoopProbe probe(path);
    QVERIFY(probe.logOpen());
    // Let it tick, then hold the loop for 150 ms: that tick cannot come earlier than the
    // loop returns, so the probe must see at least ~140 ms of lateness, however fast or
    // slow this machine is.
    QTRY_VERIFY_WITH_TIMEOUT(probe.stats().samples >= 3, 5000);
    QTimer::singleShot(0, [] {
        QElapsedTimer held;
        held.start();
        while (held.elapsed() < 150) {
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(probe.stats().maxMs >= 130, 5000);
    const EventLoopProbe::Stats s = probe.stats();
    QVERIFY(s.p50Ms <= s.p99Ms);
    QVERIFY(s.p99Ms <= s.maxMs);
    // Each second's samples reach the log as one JSON line.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > 0, 5000);
    QFile log(path);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QJsonObject first = QJsonDocument::fromJson(log.readLine()).object();
    QVERIFY(first.value(QStringLiteral("t_ms")).toDouble() > 1.7e12);
    const QJsonArray late = first.value(QStringLiteral("late_ms")).toArray();
    QVERIFY(!late.isEmpty());
    double maxLate = 0;
    for (const QJsonValue &v : late)
        maxLate = qMax(maxLate, v.toDouble());
    QVERIFY2(maxLate >= 130, qPrintable(QString::number(maxLate)));
}

// A scenario's raw frames (WebSocketServer::sendFrame): valid ones are ordinary rows; only
// one that breaks a rule a client applies (one frame or the sequence of a connection's
// frames from the server) is marked, with the rule.
void TestUiModels::frameLog_rawFramesMarkedOnlyWhenInvalid()
{
    const auto raw = [](int fd, quint8 opcode, const QByteArray &payload, bool fin = true) {
        EventRecord r = frame(fd, Direction::Out, opcode, payload, fin);
        r.text = QStringLiteral("raw frame (scenario)");
        return r;
    };
    EventRecord deflate = makeEvent(EventRecord::Kind::HandshakeAccepted, 1);
    deflate.extensions = "permessage-deflate";
    EventRecord compressed = raw(1, OpText, "\x01\x02");
    compressed.rsv1 = true;
    EventRecord notNegotiated = raw(2, OpText, "\x01\x02");
    notNegotiated.rsv1 = true;
    EventRecord masked = raw(2, OpText, "masked");
    masked.masked = true;
    masked.wireLength += 4;
    EventRecord nonMinimal = raw(2, OpText, "hi");
    nonMinimal.wireLength = 2 + 2 + 2;                                  // 126 + 16 bits for 2 bytes
    EventRecord push = frame(3, Direction::Out, OpContinuation, "end"); // the server's own
    struct Expect
    {
        EventRecord record;
        bool error;
    };
    const QList<Expect> rows{
        {deflate, false},
        {raw(1, OpText, "Hello", false), false},
        {raw(1, OpPing, "between"), false},
        {raw(1, OpContinuation, ", World!"), false},
        {compressed, false}, // RSV1 with permessage-deflate negotiated
        {raw(1, OpText, QByteArray("\xce\xba\xe1", 3), false), false}, // split character
        {raw(1, OpContinuation, QByteArray("\xbd\xb9 ok", 5)), false},
        {raw(1, OpClose, closePayload(1000, "bye")), false},
        {notNegotiated, true},
        {masked, true},
        {nonMinimal, true},
        {raw(2, OpContinuation, "orphan"), true},
        {raw(2, OpText, "first", false), false},
        {raw(2, OpText, "second"), true}, // a new message inside a fragmented one
        {raw(2, 0x3, "reserved"), true},
        {raw(2, OpPing, QByteArray(126, 'p')), true},
        {raw(2, OpPing, "frag", false), true},
        {raw(2, OpText, QByteArray("ok \xe1", 4), false), false},
        {raw(2, OpContinuation, QByteArray("\x28 end", 5)), true}, // invalid UTF-8 split
        {raw(2, OpClose, QByteArray(1, '\x03')), true},
        {raw(2, OpClose,
             QByteArray("\x03\xed"
                        "bad code",
                        10)),
         true}, // 1005
        {raw(2, OpClose, closePayload(1000, QByteArray("\xff\xfe", 2))), true},
        // The server's own frames keep the sequence: its fragmented push is open, so a raw
        // continuation continues it.
        {raw(3, OpText, "a", true), false},
        {frame(3, Direction::Out, OpText, "start", false), false},
        {raw(3, OpContinuation, "more", false), false},
        {push, false},
        {raw(3, OpContinuation, "late"), true},
    };
    FrameLogModel model;
    EventBatch batch;
    for (const Expect &e : rows)
        batch << e.record;
    model.addRecords(batch);
    model.flush();
    QCOMPARE(model.rowCount(), int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const QModelIndex preview = model.index(i, FrameLogModel::ColPreview);
        const QString text = preview.data().toString();
        QVERIFY2(preview.data(FrameLogModel::IsErrorRole).toBool() == rows[i].error,
                 qPrintable(QStringLiteral("row %1: %2").arg(i).arg(text)));
        QCOMPARE(text.contains(QStringLiteral("⚠")), rows[i].error);
        // Red (the error tint) only for errors; a valid data frame has no tint at all.
        const QVariant tint = preview.data(Qt::BackgroundRole);
        if (rows[i].error)
            QVERIFY(!tint.isNull());
        else if (rows[i].record.kind == EventRecord::Kind::Frame &&
                 !isControlOpcode(rows[i].record.opcode))
            QVERIFY2(tint.isNull(), qPrintable(QStringLiteral("row %1: %2").arg(i).arg(text)));
        if (rows[i].record.text.isEmpty() || rows[i].record.kind != EventRecord::Kind::Frame)
            continue;
        QVERIFY2(text.startsWith(rows[i].error ? QStringLiteral("⚠ raw frame (scenario), invalid: ")
                                               : QStringLiteral("raw frame (scenario) · ")),
                 qPrintable(text));
    }
    // The rule is named: e.g. the masked frame's.
    QVERIFY2(model.index(9, FrameLogModel::ColPreview)
                 .data()
                 .toString()
                 .contains(QStringLiteral("§5.1")),
             qPrintable(model.index(9, FrameLogModel::ColPreview).data().toString()));
}

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"

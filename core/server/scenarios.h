#pragma once

// Provoke: scenarios that make a client face what breaks clients, each with the reaction
// RFC 6455 / 7692 require and a verdict. A scenario is data (steps, expectation, timeout)
// run on one connection through the server's own primitives (WebSocketServer::sendFrame,
// drip, holdClose, halfClose, holdReading, close) and judged from the same event records
// as everything else. The client under test is an echo client: it sends every text and
// binary message it receives back unchanged (as Autobahn's fuzzing server expects).
// docs/scenarios.md lists them.

#include "events.h"
#include "http.h"

#include "../protocol/rawframe.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

namespace framescope {

class WebSocketServer;

enum class Verdict : quint8 { Pending, Pass, Fail, Informational };
const char *verdictName(Verdict verdict); // "pending", "pass", "fail", "informational"

struct ScenarioStep
{
    enum class Kind : quint8 {
        Frame,       // sendFrame(frame)
        Bytes,       // send(bytes): anything, e.g. a header that lies about its length
        Drip,        // the encoded frame, `chunk` bytes every `intervalMs`
        Close,       // the server's close frame (tracked: the server awaits the reply)
        DropTcp,     // close(fd, reset): no close frame
        HalfClose,   // shutdown(SHUT_WR) after the queued output
        HoldClose,   // the client's close frame will not be answered
        HoldReading, // stop reading (hold = true) or resume
        Wait,        // `intervalMs`
        Accept,      // the correct 101 response (after a handshake scenario held it back)
        // With reading held: wait until the bytes the client sent and the server did not
        // read (WebSocketServer::receiveQueue) stop growing, at most `intervalMs`.
        AwaitBackup,
    };
    Kind kind = Kind::Frame;
    RawFrame frame;
    QByteArray bytes;
    int chunk = 1;
    int intervalMs = 0;
    quint16 code = 0;
    QByteArray reason;
    bool reset = false;
    bool hold = true;
    // Frame: when >= 0, the payload is made when the step runs: `patternSize` bytes of the
    // position-dependent pattern number `patternSeed` (text when the opcode is text), so a
    // large payload is not kept in the catalog for the life of the process.
    qint64 patternSize = -1;
    int patternSeed = 0;
};

struct Scenario
{
    enum class Expect : quint8 {
        Echo,          // `messages` echoed in order, and a pong for the last of `pongs`
        Reject,        // the client fails the connection with a close code in `codes`
        CloseReply,    // the client answers the server's close and sends no data after it
        GiveUp,        // the client ends the connection on its own (close frame or TCP)
        Observe,       // informational: what the client did, without a rule to judge it by
        HandshakeFail, // the client does not open the WebSocket: no frame, and after a 101
                       // it closes TCP (RFC 6455 §4.1 "Fail the WebSocket Connection")
    };
    // A wrong answer to the opening handshake (the response replaces the built-in 101).
    enum class Handshake : quint8 {
        Normal,
        WrongAccept,
        NoUpgrade,
        NoConnection,
        DuplicateAccept,
        UnofferedSubprotocol,
        UnofferedExtension,
        DeflateBadParameter,
        Status200,
        Status302,
        Status401,
        Status403,
        Status503,
        NoAnswer, // nothing at all
        Delayed,  // nothing, then the steps (an Accept step answers)
    };
    struct Message
    {
        quint8 opcode = OpText;
        QByteArray data;
        // When >= 0: the message is the pattern a Frame step with the same size and seed
        // sends (`data` stays empty).
        qint64 patternSize = -1;
        int patternSeed = 0;

        qint64 size() const { return patternSize >= 0 ? patternSize : data.size(); }
        QByteArray prefix(qsizetype n) const; // the first n bytes (fewer when shorter)
        QByteArray sha1() const;              // of the whole message, without building it
    };

    QString name;
    QString category; // "accept", "reject", "closing", "timing"
    QString description;
    QString expectation;
    QString rfc; // "RFC 6455 §5.4"
    int timeoutMs = 3000;
    std::vector<ScenarioStep> steps;
    Expect expect = Expect::Echo;
    std::vector<Message> messages;
    QList<QByteArray> pongs;
    QList<quint16> codes;
    bool needsClientClose = false; // GiveUp: only after the client's own close frame
    int requiresCompression = -1;  // 1: needs permessage-deflate, 0: needs it off, -1: any
    Handshake handshake = Handshake::Normal;

    // The largest payload the scenario sends or expects back (the options must allow it).
    qint64 largestPayload() const;
};

// Every scenario, in documentation order.
const std::vector<Scenario> &scenarioCatalog();
const Scenario *findScenario(const QString &name);

struct ScenarioResult
{
    int id = 0;
    QString agent;
    QString name;
    int fd = 0;
    Verdict verdict = Verdict::Pending;
    QString rfc;
    QString expected;
    QString observed; // what the client did, in order ("pong 'p1'; close 1002 'bad'")
    QString detail;   // "expected X, client did Y"
    qint64 startedUs = 0;
    qint64 durationMs = 0;
};

// Runs scenarios on connections of one server and keeps their verdicts. Lives in the
// thread that created it (its timers and the observer records run there); claim(),
// start(), owns() and results() are callable from any thread (the control API and the
// open handler run in the server's worker).
class ScenarioRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioRunner)

public:
    // Turns the server's observer records on with the first run (they show the client's
    // reaction); the runner is then one more observer of events().
    explicit ScenarioRunner(WebSocketServer &server, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    // From the open handler: a request for /scenario/NAME?agent=ID claims the connection
    // and runs NAME on it (an unknown NAME: close 1008 naming it, and a failed verdict).
    // false when the URI is not a scenario URI.
    bool claim(const HttpRequest &request);
    // Runs `name` on the established connection `fd`. false and `error` (unknown name,
    // unknown fd, a scenario already running there).
    bool start(int fd, const QString &name, const QString &agent = {}, QString *error = nullptr);
    // A connection a scenario runs on (or ran on): the application leaves its messages
    // alone (an echo server would answer the client's echoes forever).
    bool owns(int fd) const; // until the connection closed after its run
    // Call first thing in the server's message handler (worker thread): true when a
    // scenario owns the connection, and the application leaves the message alone. The
    // runner then compares whole echoed messages, not only the prefix that observer
    // records keep (64 KiB).
    bool onMessage(const Frame &frame);
    // For WebSocketServer::onHandshakeFault (worker thread): the wrong response of a
    // handshake scenario named in the request URI, or nullopt.
    static std::optional<QByteArray> handshakeFault(const HttpRequest &request);
    // Verdicts so far (all agents when `agent` is null), oldest first.
    QList<ScenarioResult> results(const QString &agent = QString()) const;
    // Every run's timeout becomes `ms` (tests: a misbehaving client fails sooner); 0: the
    // catalog's own.
    void setTimeoutOverride(int ms) { m_timeoutOverride = ms; }

    static QByteArray catalogJson();
    static QByteArray reportJson(const QList<ScenarioResult> &results);
    static QByteArray reportJUnit(const QList<ScenarioResult> &results);

signals:
    void runStarted(const framescope::ScenarioResult &result);
    void runFinished(const framescope::ScenarioResult &result);

private:
    struct Run;
    void begin(int fd, const QString &name, const QString &agent, qint64 startedUs,
               const QByteArray &key = {});
    void onEvents(const EventBatchPtr &batch);
    void observe(Run &run, const EventRecord &record);
    void nextStep(int fd);
    void pollBackup(int fd, qint64 unread); // AwaitBackup: one reading of the queue
    void evaluate(Run &run, bool timedOut);
    void conclude(Run &run, Verdict verdict, const QString &detail);
    void addResult(const ScenarioResult &result);
    void forget(int fd);
    void ensureObserving(); // the connection is gone: no longer owned

    WebSocketServer &m_server;
    std::atomic<int> m_timeoutOverride{0};
    std::atomic<int> m_nextId{1};
    QHash<int, std::shared_ptr<Run>> m_runs; // runner thread only: fd -> active run

    mutable QMutex m_mutex; // guards the members below
    QSet<int> m_owned;
    std::atomic<int> m_ownedCount{0}; // m_owned.size(), read without the lock
    QSet<int> m_active;
    QList<ScenarioResult> m_results;
    struct Digest
    {
        qint64 length;
        QByteArray sha1;
    };
    QHash<int, QList<Digest>> m_digests; // whole messages seen by onMessage(), per fd
};

} // namespace framescope

Q_DECLARE_METATYPE(framescope::ScenarioResult)

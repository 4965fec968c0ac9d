// --lang: the GUI's language override. Accepted codes, the exact error for a bad one, and
// the help line; the rest of the command line is tests/app/tst_commandline.cpp.
#include "commandline.h"

#include <QTest>

using namespace framescope;

class TestLangOption final : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void defaultIsSystem();
    void inHelp();
};

void TestLangOption::accepted_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringList{"--lang", "de"} << "de";
    QTest::newRow("en") << QStringList{"--lang", "en"} << "en";
    QTest::newRow("de_DE") << QStringList{"--lang=de_DE"} << "de_DE";
    QTest::newRow("de-AT") << QStringList{"--lang", "de-AT"} << "de-AT";
    QTest::newRow("zh_CN") << QStringList{"--lang", "zh_CN"} << "zh_CN";
    QTest::newRow("zh") << QStringList{"--lang", "zh"} << "zh";
    QTest::newRow("zh-Hans") << QStringList{"--lang=zh-Hans"} << "zh-Hans";
    QTest::newRow("last wins") << QStringList{"--lang", "de", "--lang", "en"} << "en";
    QTest::newRow("with --no-gui") << QStringList{"--no-gui", "--lang", "de"} << "de";
}

void TestLangOption::accepted()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, language);
    AppConfig config;
    const CommandLineOutcome o =
        parseArguments(QStringList{QStringLiteral("framescope")} + arguments, config);
    QCOMPARE(o.exitCode, -1);
    QVERIFY(o.err.isEmpty());
    QCOMPARE(config.language, language);
}

void TestLangOption::rejected_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("unknown") << "xx";
    QTest::newRow("empty") << "";
    QTest::newRow("path") << "../de";
    QTest::newRow("C") << "C";
}

void TestLangOption::rejected()
{
    QFETCH(QString, value);
    AppConfig config;
    const CommandLineOutcome o = parseArguments(
        QStringList{QStringLiteral("framescope"), QStringLiteral("--lang"), value}, config);
    QCOMPARE(o.exitCode, 2);
    QCOMPARE(o.err, QStringLiteral("framescope: invalid value '%1' for --lang: expected a "
                                   "language code such as de, zh_CN or en\n")
                        .arg(value));
    QVERIFY(config.language.isEmpty());
}

void TestLangOption::defaultIsSystem()
{
    AppConfig config;
    QCOMPARE(parseArguments(QStringList{QStringLiteral("framescope")}, config).exitCode, -1);
    QVERIFY(config.language.isEmpty());
}

void TestLangOption::inHelp()
{
    AppConfig config;
    const CommandLineOutcome o =
        parseArguments(QStringList{QStringLiteral("framescope"), QStringLiteral("--help")}, config);
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.out.contains(QStringLiteral("--lang <CODE>")));
    QVERIFY2(o.out.contains(QStringLiteral("GUI language: de, zh_CN or en")), qPrintable(o.out));
}

QTEST_MAIN(TestLangOption)
#include "tst_langoption.moc"

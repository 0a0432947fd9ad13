// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "datafixtures.h"

#include "export/exportfile.h"
#include "io/csvwriter.h"
#include "io/recordjson.h"
#include "io/recordreader.h"
#include "io/tracewriter.h"
#include "render/chartexport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace coroscope;
using namespace coroscope::test;

namespace {

QByteArray contents(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

//! Makes \a path unwritable even for root (immutable), or by mode bits for others;
//! undone on destruction. ok() is false where neither works.
class Unwritable {
public:
    explicit Unwritable(const QString &path)
        : m_path(path) {
        if (geteuid() != 0) {
            m_mode = QFile::permissions(path);
            m_ok = QFile::setPermissions(path, QFile::ReadOwner | QFile::ExeOwner);
        } else {
            m_immutable =
                QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), path}) == 0;
            m_ok = m_immutable;
        }
    }
    ~Unwritable() {
        if (m_immutable)
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), m_path});
        else if (m_ok)
            QFile::setPermissions(m_path, m_mode);
    }
    bool ok() const { return m_ok; }

private:
    QString m_path;
    QFile::Permissions m_mode;
    bool m_immutable = false;
    bool m_ok = false;
};

//! Files may grow to \a bytes at most while it lives: a full disk, for this process only.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        std::signal(SIGXFSZ, SIG_IGN); // writes fail with EFBIG instead of killing us
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_old); }
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    bool m_ok = false;
};

} // namespace

class TestExportFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { installChartWriter(); } // as the window and the binary do
    void dataFormats() {
        QTemporaryDir dir;
        const RunRecord r = sampleRecord();
        const QString json = dir.filePath(QStringLiteral("run.json"));
        const QString csv = dir.filePath(QStringLiteral("run.csv"));
        const QString trace = dir.filePath(QStringLiteral("run.trace.json"));
        const QString upper = dir.filePath(QStringLiteral("RUN.CSV"));
        for (const QString &path : {json, csv, trace, upper})
            QVERIFY2(exportRecord(path, r).isEmpty(), qPrintable(exportRecord(path, r)));

        QCOMPARE(contents(json), RecordJsonWriter::toJson(r, RecordJsonWriter::Content::Full));
        QVERIFY(RecordReader::read(json).record);
        QCOMPARE(contents(csv), CsvWriter::toCsv(r));
        QCOMPARE(contents(upper), CsvWriter::toCsv(r));
        QCOMPARE(contents(trace), TraceWriter::toJson(r));
        const QJsonDocument doc = QJsonDocument::fromJson(contents(trace));
        QVERIFY(doc.object().contains(QLatin1String("traceEvents")));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4); // no leftovers
    }

    void chartFormats_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("signature");
        QTest::newRow("png") << QStringLiteral("chart.png") << QByteArray("\x89PNG\r\n\x1a\n");
        QTest::newRow("svg") << QStringLiteral("chart.svg") << QByteArray("<?xml");
        QTest::newRow("pdf") << QStringLiteral("chart.pdf") << QByteArray("%PDF-");
    }
    void chartFormats() {
        QFETCH(QString, name);
        QFETCH(QByteArray, signature);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        const QString why = exportRecord(path, sampleRecord());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(contents(path).startsWith(signature));
    }

    void unknownEnding() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.txt"));
        const QString why = exportRecord(path, sampleRecord());
        QVERIFY(why.startsWith(QStringLiteral("cannot write ") + path));
        QVERIFY(!QFile::exists(path));
    }

    void missingFolder() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/folder/run.csv"));
        const QString why = exportRecord(path, sampleRecord());
        QVERIFY2(why.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")),
                 qPrintable(why));
        QVERIFY(!why.contains(QLatin1Char('\n')));
        QVERIFY(!QFile::exists(path));
    }

    void folderIsAFile() {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("plain")), "x");
        const QString path = dir.filePath(QStringLiteral("plain/run.json"));
        QVERIFY(!exportRecord(path, sampleRecord()).isEmpty());
        QCOMPARE(contents(dir.filePath(QStringLiteral("plain"))), QByteArray("x"));
    }

    void unwritableFolder_data() {
        QTest::addColumn<QString>("name");
        for (const char *name : {"run.json", "run.csv", "run.trace.json"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void unwritableFolder() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + QLatin1Char('/') + name;
        {
            Unwritable locked(folder);
            if (!locked.ok())
                QSKIP("cannot make a folder unwritable here");
            const QString why = exportRecord(path, sampleRecord());
            QVERIFY2(why.startsWith(QStringLiteral("cannot write ") + path), qPrintable(why));
        }
        QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void readOnlyFileStaysWhole() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.csv"));
        writeFile(path, "earlier\n");
        {
            Unwritable locked(path);
            if (!locked.ok())
                QSKIP("cannot make a file unwritable here");
            const QString why = exportRecord(path, sampleRecord());
            QVERIFY2(why.startsWith(QStringLiteral("cannot write ") + path), qPrintable(why));
        }
        QCOMPARE(contents(path), QByteArray("earlier\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void fullDiskLeavesEarlierFileWhole_data() {
        QTest::addColumn<QString>("name");
        for (const char *name : {"run.json", "run.csv", "run.trace.json"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void fullDiskLeavesEarlierFileWhole() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        writeFile(path, "earlier\n");
        const RunRecord big = sampleRecord(20'000, 10); // several MB in every format
        QString why;
        {
            FileSizeLimit full(rlim_t(64) * 1024);
            if (!full.ok())
                QSKIP("cannot limit the file size here");
            why = exportRecord(path, big);
        }
        QVERIFY2(why.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")),
                 qPrintable(why));
        QCOMPARE(contents(path), QByteArray("earlier\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(),
                 1); // no partial file

        // And without the limit the same export succeeds.
        QVERIFY(exportRecord(path, big).isEmpty());
        QVERIFY(contents(path).size() > qsizetype(64) * 1024);
    }

    void fullDiskLeavesNoNewFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.csv"));
        QString why;
        {
            FileSizeLimit full(4096);
            if (!full.ok())
                QSKIP("cannot limit the file size here");
            why = exportRecord(path, sampleRecord(5'000, 10));
        }
        QVERIFY(!why.isEmpty());
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_MAIN(TestExportFile) // charts need a QGuiApplication (offscreen)
#include "tst_exportfile.moc"

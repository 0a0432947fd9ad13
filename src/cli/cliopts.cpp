// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "cliopts.h"

#include "labopts.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <cstring>

namespace coroscope {

QStringList exportSuffixes() {
    return {QStringLiteral(".trace.json"), QStringLiteral(".json"), QStringLiteral(".csv"),
            QStringLiteral(".png"),        QStringLiteral(".svg"),  QStringLiteral(".pdf")};
}

namespace {

// The options that take a value (wantsHeadless() must not take a value for a record).
constexpr const char *kValueOptions[] = {"--mode",      "--tasks", "--values", "--delay",
                                         "--max-value", "--seed",  "--timing", "--stop-after",
                                         "--export",    "--open",  "--demo"};

} // namespace

bool wantsHeadless(int argc, char **argv) {
    auto is = [](const char *arg, const char *flag) {
        const size_t n = strlen(flag);
        return strncmp(arg, flag, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
    };
    bool open = false;
    bool exports = false;
    bool quit = false;
    for (int i = 1; i < argc; ++i) {
        for (const char *flag :
             {"--headless", "--demo", "--json", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (is(argv[i], flag))
                return true;
        }
        open = open || is(argv[i], "--open");
        exports = exports || is(argv[i], "--export");
        quit = quit || is(argv[i], "--quit");
        if (argv[i][0] != '-') {
            open = true; // a record named alone, as the desktop's "coroscope %f" does
        } else if (!std::strchr(argv[i], '=')) {
            // The next argument is this option's value, not a record.
            for (const char *option : kValueOptions)
                if (std::strcmp(argv[i], option) == 0) {
                    ++i;
                    break;
                }
        }
    }
    // Re-exporting a saved run needs no window; with --quit the window opens the record and
    // exports it from its worker (the way a user does), then closes, printing its stall.
    return open && exports && !quit;
}

namespace {

QString bad(const QString &option, const QString &value, const QString &why) {
    return QStringLiteral("--%1: '%2' %3").arg(option, value, why);
}

// QCommandLineParser keeps every occurrence; a single-valued option given twice is an
// error rather than a silent "last one wins".
std::optional<QString> single(const QCommandLineParser &p, const QString &name, QString &error) {
    const QStringList values = p.values(name);
    if (values.isEmpty())
        return std::nullopt;
    if (values.size() > 1 && error.isEmpty())
        error = QStringLiteral("--%1: given %2 times; give it once").arg(name).arg(values.size());
    return values.last();
}

bool parseInt(const QString &option, const QString &text, qint64 lo, qint64 hi, qint64 &out,
              QString &error) {
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok) {
        error = bad(option, text, QStringLiteral("is not a whole number"));
        return false;
    }
    if (v < lo || v > hi) {
        error = bad(option, text,
                    QStringLiteral("is out of range (%1 … %2)").arg(countText(lo), countText(hi)));
        return false;
    }
    out = v;
    return true;
}

bool parseReal(const QString &option, const QString &text, double lo, double hi, bool loOpen,
               double &out, QString &error) {
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
        error = bad(option, text, QStringLiteral("is not a finite number"));
        return false;
    }
    if ((loOpen ? v <= lo : v < lo) || v > hi) {
        error = bad(option, text,
                    loOpen ? QStringLiteral("must be > %1 and ≤ %2").arg(lo).arg(hi, 0, 'g', 6)
                           : QStringLiteral("is out of range (%1 … %2)").arg(lo).arg(hi));
        return false;
    }
    out = v;
    return true;
}

} // namespace

CliParse parseCommandLine(const QStringList &args) {
    CliParse result;
    CliOptions &o = result.options;
    QString &error = result.error;

    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Coroscope: async comprehensions on QCoro, timed and drawn.\n"
                       "Without --headless it opens the window (the options fill its controls)."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    p.addOption(help);
    p.addOption(version);
    p.addOptions({
        {QStringLiteral("headless"), QStringLiteral("Run in the terminal, no window.")},
        {QStringLiteral("run"), QStringLiteral("Start the run at once (window).")},
        {QStringLiteral("quit"),
         QStringLiteral(
             "With --run or --open: close the window when the run has ended and its --export "
             "files are written (exit status as headless).")},
        {QStringLiteral("mode"),
         QStringLiteral("concurrent, sequential or compare (default concurrent)."),
         QStringLiteral("MODE")},
        {QStringLiteral("tasks"),
         QStringLiteral("Comprehensions per group, 1 … 1,000,000 (default 4)."),
         QStringLiteral("N")},
        {QStringLiteral("values"), QStringLiteral("Values per generator, 1 … 10,000 (default 10)."),
         QStringLiteral("N")},
        {QStringLiteral("delay"),
         QStringLiteral("Seconds before each value, 0.001 … 3600 (default 1)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("max-value"),
         QStringLiteral("Values are uniform in [0, X]; 0 < X ≤ 1e300 (default 10; the "
                        "window's field holds 0.001 … 1e15)."),
         QStringLiteral("X")},
        {QStringLiteral("seed"),
         QStringLiteral("Random seed, 0 … 9223372036854775807 (default: random)."),
         QStringLiteral("N")},
        {QStringLiteral("timing"), QStringLiteral("drift-free (default) or relative."),
         QStringLiteral("TIMING")},
        {QStringLiteral("clock"),
         QStringLiteral("real (default) or virtual: time that jumps over idle waits, so a run "
                        "costs only its CPU work."),
         QStringLiteral("CLOCK")},
        {QStringLiteral("stop-after"), QStringLiteral("Stop the run after SECONDS, as Stop does."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("json"),
         QStringLiteral("Print the run summary as one JSON object (implies --headless).")},
        {QStringLiteral("export"),
         QStringLiteral("When the run ends write FILE, by its ending: .png .svg .pdf (chart), "
                        ".csv .json .trace.json (data). Repeatable."),
         QStringLiteral("FILE")},
        {QStringLiteral("open"),
         QStringLiteral("View or re-export a saved run instead of running."),
         QStringLiteral("RUN.json")},
        {QStringLiteral("demo"),
         QStringLiteral("Behave like the seed's 0-main, 1-main or 2-main (implies --headless)."),
         QStringLiteral("0|1|2")},
        {QStringLiteral("watch-python"),
         QStringLiteral("Run SCRIPT.py under Coroscope's tracer and show its asyncio tasks; its "
                        "arguments follow --."),
         QStringLiteral("SCRIPT.py")},
        {QStringLiteral("python"),
         QStringLiteral("With --watch-python: the interpreter (default python3; 3.8 or newer)."),
         QStringLiteral("EXE")},
        {QStringLiteral("side-by-side"),
         QStringLiteral("With --watch-python: then run Coroscope's own QCoro tasks of the same "
                        "shape (lanes, values, typical sleep, relative timing); both in one record "
                        "(one axis in the window, --export writes both), both walls and lateness "
                        "side by side.")},
    });
    LabOptions::add(p); // the lesson lab's options (labopts.cpp)
    p.addPositionalArgument(QStringLiteral("RUN.json"),
                            QStringLiteral("A saved run to view, as --open RUN.json does."),
                            QStringLiteral("[RUN.json]"));
    p.addPositionalArgument(QStringLiteral("-- ARGS"),
                            QStringLiteral("With --watch-python: the script's arguments."));
    // QCommandLineParser names the program as it was started (often a full path); the
    // usage line should read as the user types it.
    result.helpText = p.helpText();
    const QString program =
        QCoreApplication::instance() ? QCoreApplication::arguments().value(0) : QString();
    const QString usage = QStringLiteral("Usage: ") + program + QLatin1Char(' ');
    if (!program.isEmpty() && result.helpText.startsWith(usage))
        result.helpText.replace(0, usage.size(), QStringLiteral("Usage: coroscope "));

    if (!p.parse(args)) {
        error = p.errorText();
        return result;
    }
    // Only the watched script takes arguments, and only after "--"; before them, a record
    // named without --open, as desktops start apps ("coroscope %f") and file managers pass
    // a file: one at most, and not beside --open.
    const qsizetype dashes = args.indexOf(QStringLiteral("--"));
    const QStringList afterDashes = dashes < 0 ? QStringList() : args.mid(dashes + 1);
    const QStringList positional =
        p.positionalArguments().mid(0, p.positionalArguments().size() - afterDashes.size());
    if (positional.size() > 1) {
        error = QStringLiteral("unexpected argument '%1' (one saved run at a time; options "
                               "start with --)")
                    .arg(positional.at(1));
        return result;
    }
    if (!positional.isEmpty() && p.isSet(QStringLiteral("open"))) {
        error = QStringLiteral("'%1': a saved run is given with --open already; give it once")
                    .arg(positional.constFirst());
        return result;
    }
    if (!afterDashes.isEmpty() && !p.isSet(QStringLiteral("watch-python"))) {
        error =
            QStringLiteral("arguments after -- go to the script of --watch-python; there is none");
        return result;
    }
    o.watchArgs = afterDashes;
    o.help = p.isSet(help);
    o.version = p.isSet(version);
    o.run = p.isSet(QStringLiteral("run"));
    o.quit = p.isSet(QStringLiteral("quit"));
    o.json = p.isSet(QStringLiteral("json"));
    o.headless = p.isSet(QStringLiteral("headless")) || o.json || p.isSet(QStringLiteral("demo"));

    qint64 n = 0;
    double x = 0;
    if (auto v = single(p, QStringLiteral("mode"), error)) {
        if (auto m = parseMode(*v))
            o.params.mode = *m;
        else if (error.isEmpty())
            error = bad(QStringLiteral("mode"), *v,
                        QStringLiteral("is not one of concurrent, sequential, compare"));
    }
    if (auto v = single(p, QStringLiteral("timing"), error)) {
        if (auto t = parseTiming(*v))
            o.params.timing = *t;
        else if (error.isEmpty())
            error = bad(QStringLiteral("timing"), *v,
                        QStringLiteral("is not one of drift-free, relative"));
    }
    if (auto v = single(p, QStringLiteral("clock"), error)) {
        if (auto c = parseClock(*v))
            o.params.clock = *c;
        else if (error.isEmpty())
            error = bad(QStringLiteral("clock"), *v, QStringLiteral("is not one of real, virtual"));
    }
    if (auto v = single(p, QStringLiteral("tasks"), error);
        v && error.isEmpty() &&
        parseInt(QStringLiteral("tasks"), *v, RunParams::kMinTasks, RunParams::kMaxTasks, n, error))
        o.params.tasks = int(n);
    if (auto v = single(p, QStringLiteral("values"), error);
        v && error.isEmpty() &&
        parseInt(QStringLiteral("values"), *v, RunParams::kMinValues, RunParams::kMaxValues, n,
                 error))
        o.params.values = int(n);
    if (auto v = single(p, QStringLiteral("delay"), error);
        v && error.isEmpty() &&
        parseReal(QStringLiteral("delay"), *v, RunParams::kMinDelay, RunParams::kMaxDelay, false, x,
                  error))
        o.params.delaySeconds = x;
    if (auto v = single(p, QStringLiteral("max-value"), error);
        v && error.isEmpty() &&
        parseReal(QStringLiteral("max-value"), *v, 0, RunParams::kMaxMaxValue, true, x, error))
        o.params.maxValue = x;
    if (auto v = single(p, QStringLiteral("seed"), error); v && error.isEmpty()) {
        bool ok = false;
        const quint64 s = v->trimmed().toULongLong(&ok);
        if (!ok || v->trimmed().startsWith(QLatin1Char('-')))
            error = bad(QStringLiteral("seed"), *v, QStringLiteral("is not a whole number ≥ 0"));
        else if (s > RunParams::kMaxSeed)
            error = bad(QStringLiteral("seed"), *v,
                        QStringLiteral("is out of range (0 … %1)").arg(RunParams::kMaxSeed));
        else {
            o.params.seed = s;
            o.seedGiven = true;
        }
    }
    if (auto v = single(p, QStringLiteral("stop-after"), error);
        v && error.isEmpty() &&
        parseReal(QStringLiteral("stop-after"), *v, 0, 1e9, false, x, error))
        o.stopAfterSeconds = x;
    if (auto v = single(p, QStringLiteral("demo"), error);
        v && error.isEmpty() && parseInt(QStringLiteral("demo"), *v, 0, 2, n, error))
        o.demo = int(n);
    if (!positional.isEmpty()) {
        o.openFile = positional.constFirst();
        if (o.openFile.isEmpty())
            error = QStringLiteral("the saved run's file name is empty");
    } else if (auto v = single(p, QStringLiteral("open"), error); v && error.isEmpty()) {
        if (v->isEmpty())
            error = QStringLiteral("--open: the file name is empty");
        o.openFile = *v;
    }
    if (auto v = single(p, QStringLiteral("watch-python"), error); v && error.isEmpty()) {
        const QFileInfo info(*v);
        QFile file(*v);
        if (v->isEmpty())
            error = QStringLiteral("--watch-python: the script name is empty");
        else if (!info.exists())
            error = QStringLiteral("--watch-python: %1: no such file").arg(*v);
        else if (!info.isFile())
            error = QStringLiteral("--watch-python: %1: not a regular file").arg(*v);
        else if (!file.open(QIODevice::ReadOnly))
            error = QStringLiteral("--watch-python: %1: cannot be read (%2)")
                        .arg(*v, file.errorString());
        o.watchScript = *v;
    }
    o.sideBySide = p.isSet(QStringLiteral("side-by-side"));
    if (auto v = single(p, QStringLiteral("python"), error); v && error.isEmpty()) {
        if (v->isEmpty())
            error = QStringLiteral("--python: the interpreter's name is empty");
        o.python = *v;
    }
    for (const QString &file : p.values(QStringLiteral("export"))) {
        if (!error.isEmpty())
            break;
        bool known = false;
        for (const QString &suffix : exportSuffixes())
            known = known ||
                    (file.endsWith(suffix, Qt::CaseInsensitive) && file.size() > suffix.size());
        if (!known)
            error =
                bad(QStringLiteral("export"), file,
                    QStringLiteral("has no known ending (.png .svg .pdf .csv .json .trace.json)"));
        else if (o.exports.contains(file))
            error = bad(QStringLiteral("export"), file, QStringLiteral("is given twice"));
        else
            o.exports.append(file);
    }
    bool labGiven = false;
    if (error.isEmpty())
        error = LabOptions::parse(p, o.params, labGiven);
    if (error.isEmpty())
        error = o.params.validate(); // the limits that span options (a run's length)
    if (!error.isEmpty())
        return result;
    if (!o.openFile.isEmpty() && !o.exports.isEmpty() && !o.quit)
        o.headless = true; // re-exporting a saved run needs no window (see wantsHeadless())

    // Combinations that contradict each other.
    const bool runParamsGiven =
        p.isSet(QStringLiteral("mode")) || p.isSet(QStringLiteral("tasks")) ||
        p.isSet(QStringLiteral("values")) || p.isSet(QStringLiteral("delay")) ||
        p.isSet(QStringLiteral("max-value")) || p.isSet(QStringLiteral("seed")) ||
        p.isSet(QStringLiteral("timing")) || p.isSet(QStringLiteral("clock"));
    if (!o.watchScript.isEmpty() && (runParamsGiven || labGiven || o.demo || !o.openFile.isEmpty()))
        error = QStringLiteral("--watch-python: watches a Python program; it cannot be combined "
                               "with --open, --demo or run options (--mode, --tasks, --values, "
                               "--delay, --max-value, --seed, --timing, --clock, --scenario and "
                               "its options)");
    else if (p.isSet(QStringLiteral("side-by-side")) && o.watchScript.isEmpty())
        error = QStringLiteral("--side-by-side: compares a watched program with Coroscope's own "
                               "run; give it with --watch-python");
    else if (!o.python.isEmpty() && o.watchScript.isEmpty())
        error = QStringLiteral("--python: chooses the interpreter for --watch-python; give "
                               "--watch-python SCRIPT.py");
    else if (!o.openFile.isEmpty() &&
             (runParamsGiven || labGiven || o.run || o.stopAfterSeconds || o.demo))
        error =
            QStringLiteral("--open: shows a saved run; it cannot be combined with run options "
                           "(--mode, --tasks, --values, --delay, --max-value, --seed, --timing, "
                           "--clock, --run, --stop-after, --demo, --scenario and its options)");
    else if (o.quit && !o.run && o.openFile.isEmpty() && o.watchScript.isEmpty() && !o.headless)
        error = QStringLiteral("--quit: closes the window after --run (or --open) and its "
                               "exports; give --run");
    else if (o.stopAfterSeconds && (o.demo || (!o.headless && !o.run && o.watchScript.isEmpty())))
        error = QStringLiteral("--stop-after: stops a run; give it with --headless, or with --run "
                               "in the window (not with --demo)");
    else if (o.demo && labGiven)
        error = QStringLiteral("--demo: runs the seed's programs; it cannot be combined with "
                               "--scenario or its options");
    else if (o.demo && (o.json || !o.exports.isEmpty() || p.isSet(QStringLiteral("mode"))))
        error = QStringLiteral("--demo: prints what the seed prints; it cannot be combined with "
                               "--json, --export or --mode");
    else if (o.demo && *o.demo != 2 && p.isSet(QStringLiteral("tasks")))
        error = QStringLiteral(
            "--demo: --tasks only applies to --demo 2 (demos 0 and 1 use one generator)");

    if (error.isEmpty() && !o.seedGiven)
        o.params.seed = randomSeed();
    return result;
}

} // namespace coroscope

#include "cli/cliopts.h"
#include "cli/demo.h"
#include "cli/headless.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>

using namespace coroscope;

int main(int argc, char **argv) {
    // Decide before any QApplication exists: headless runs need no display.
    const bool headless = wantsHeadless(argc, argv);
    std::unique_ptr<QCoreApplication> app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COROSCOPE_VERSION));

    const CliParse parsed = parseCommandLine(QCoreApplication::arguments());
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "coroscope: %s (see coroscope --help)\n", qPrintable(parsed.error));
        return ExitUsage;
    }
    const CliOptions &o = parsed.options;
    if (o.help) {
        std::fputs(qPrintable(parsed.helpText), stdout);
        return ExitOk;
    }
    if (o.version) {
        std::printf("coroscope %s (Qt %s, QCoro %s)\n", COROSCOPE_VERSION, qVersion(),
                    COROSCOPE_QCORO_VERSION);
        return ExitOk;
    }
    if (o.demo)
        return runDemo(*o.demo, o.params);
    if (headless || o.headless)
        return runHeadless(o);
    std::fprintf(stderr, "coroscope: the window is not built yet; use --headless\n");
    return ExitFailure;
}

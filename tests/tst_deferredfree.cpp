// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// DeferredFree: what the window lets go of is freed on a thread of its own, at idle
// priority, in batches, and never piles up without bound.
#include "app/deferredfree.h"

#include <QTest>

#include <atomic>
#include <thread>

#ifdef __linux__
#include <sched.h>
#endif

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

//! Where and how each item was freed.
struct Frees {
    std::atomic<int> count{0};
    std::atomic<int> onCaller{0};
    std::atomic<int> atIdle{0};
    std::thread::id caller = std::this_thread::get_id();
};

std::shared_ptr<const void> item(Frees &f) {
    return std::shared_ptr<const int>(new int(7), [&f](const int *p) {
        delete p;
        if (std::this_thread::get_id() == f.caller)
            ++f.onCaller;
#ifdef __linux__
        if (sched_getscheduler(0) == SCHED_IDLE)
            ++f.atIdle;
#endif
        ++f.count;
    });
}

} // namespace

class TestDeferredFree : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freesOnItsOwnThreadAtIdlePriority();
    void aFullBacklogIsFreedByTheCaller();
    void aSharedItemIsLeftToItsOtherOwner();
    void handNeverWaitsForTheThread();
};

void TestDeferredFree::freesOnItsOwnThreadAtIdlePriority() {
    Frees f;
    DeferredFree later(20ms);
    for (int i = 0; i < 3; ++i)
        later.hand(item(f));
    QCOMPARE(f.onCaller.load(), 0); // hand() frees nothing itself below the backlog
    QTRY_COMPARE_WITH_TIMEOUT(f.count.load(), 3, 10000);
    QCOMPARE(f.onCaller.load(), 0);
    QVERIFY(later.batches() >= 1);
    QVERIFY(later.batches() <= 3);
    QCOMPARE(later.pending(), std::size_t(0));
#ifdef __linux__
    QCOMPARE(f.atIdle.load(), 3);
#endif
}

void TestDeferredFree::aFullBacklogIsFreedByTheCaller() {
    Frees f;
    {
        // A batch interval no test waits for: nothing is freed on the thread meanwhile,
        // as on a machine too busy to run an idle thread.
        DeferredFree later(std::chrono::hours(1));
        const int extra = 3;
        for (int i = 0; i < int(DeferredFree::kMaxBacklog) + extra; ++i)
            later.hand(item(f));
        QCOMPARE(later.pending(), DeferredFree::kMaxBacklog);
        QCOMPARE(later.freedHere(), std::size_t(extra));
        QCOMPARE(f.onCaller.load(), extra); // the oldest, freed at once by hand()
        QCOMPARE(f.count.load(), extra);
    } // the destructor frees the rest on the thread, then joins
    QCOMPARE(f.count.load(), int(DeferredFree::kMaxBacklog) + 3);
    QCOMPARE(f.onCaller.load(), 3);
}

void TestDeferredFree::aSharedItemIsLeftToItsOtherOwner() {
    Frees f;
    std::shared_ptr<const void> kept = item(f);
    {
        DeferredFree later(10ms);
        later.hand(kept); // a copy: the window's views still hold the record
        QCOMPARE(later.pending(), std::size_t(0));
        later.hand(nullptr);
        QCOMPARE(later.pending(), std::size_t(0));
    }
    QCOMPARE(f.count.load(), 0);
    kept.reset();
    QCOMPARE(f.count.load(), 1);
}

void TestDeferredFree::handNeverWaitsForTheThread() {
    Frees f;
    {
        DeferredFree later(10ms);
        {
            // As if the idle thread were preempted while it takes a batch.
            const std::unique_lock held = later.holdForTest();
            later.hand(item(f)); // returns at once: this test would hang otherwise
            later.hand(item(f));
            QCOMPARE(later.keptHere(), std::size_t(2));
            QCOMPARE(f.count.load(), 0);
        }
        later.hand(nullptr); // the lock is free again: the kept items go to the thread
        QCOMPARE(later.keptHere(), std::size_t(0));
        QTRY_COMPARE_WITH_TIMEOUT(f.count.load(), 2, 10000);
        QCOMPARE(f.onCaller.load(), 0);
    }
    QCOMPARE(f.count.load(), 2);
}

QTEST_GUILESS_MAIN(TestDeferredFree)
#include "tst_deferredfree.moc"

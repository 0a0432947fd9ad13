// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "deferredfree.h"

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace coroscope {

DeferredFree::DeferredFree(std::chrono::milliseconds batch)
    : m_batch(batch)
    , m_thread([this] { run(); }) {}

DeferredFree::~DeferredFree() {
    {
        const std::lock_guard lock(m_mutex);
        for (auto &k : m_kept)
            m_list.push_back(std::move(k));
        m_stop = true;
    }
    m_stopped.notify_one();
    m_thread.join();
}

void DeferredFree::hand(std::shared_ptr<const void> p) {
    if (p && p.use_count() == 1) // else someone else still holds it: they free it
        m_kept.push_back(std::move(p));
    if (m_kept.empty())
        return;
    std::unique_lock lock(m_mutex, std::try_to_lock);
    if (!lock.owns_lock()) {
        // The thread holds the lock (it may be preempted there): try again next time.
        if (m_kept.size() > kMaxBacklog) {
            std::shared_ptr<const void> oldest = std::move(m_kept.front());
            m_kept.erase(m_kept.begin());
            oldest.reset(); // freed here: memory stays bounded
        }
        return;
    }
    std::vector<std::shared_ptr<const void>> overflow;
    for (auto &k : m_kept) {
        if (m_list.size() >= kMaxBacklog) {
            overflow.push_back(std::move(m_list.front()));
            m_list.erase(m_list.begin());
            ++m_freedHere;
        }
        m_list.push_back(std::move(k));
    }
    m_kept.clear();
    lock.unlock();
    overflow.clear(); // the oldest, freed here, outside the lock
}

std::size_t DeferredFree::pending() const {
    const std::lock_guard lock(m_mutex);
    return m_list.size();
}

std::size_t DeferredFree::batches() const {
    const std::lock_guard lock(m_mutex);
    return m_batches;
}

std::size_t DeferredFree::freedHere() const {
    const std::lock_guard lock(m_mutex);
    return m_freedHere;
}

void DeferredFree::run() {
#ifdef __linux__
    // Only when no other thread wants a core (lowering a priority needs no privilege).
    const sched_param none{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
    pthread_setname_np(pthread_self(), "coroscope free");
#endif
    std::unique_lock lock(m_mutex);
    for (;;) {
        // Woken by the timeout, not by hand(): the window never wakes this thread.
        m_stopped.wait_for(lock, m_batch, [this] { return m_stop; });
        std::vector<std::shared_ptr<const void>> batch;
        batch.swap(m_list);
        const bool stop = m_stop;
        if (!batch.empty())
            ++m_batches;
        lock.unlock();
        batch.clear(); // the frees, outside the lock
        if (stop)
            return;
        lock.lock();
    }
}

} // namespace coroscope

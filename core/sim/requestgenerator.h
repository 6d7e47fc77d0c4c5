// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "eventqueue.h"
#include "model/types.h"
#include "random.h"
#include "workload.h"

namespace gbw {

// One entry of a workload's request stream: a request arriving, or the
// moment the memory it asked for is due back.
struct Request
{
    enum Kind : std::uint8_t
    {
        Arrival,
        Free,
        End // no request will ever come again
    };
    static constexpr std::uint32_t kNoTicket = ~std::uint32_t(0);
    // Tickets stay below this: the engine's allocation table names its own
    // entries from here up.
    static constexpr std::uint32_t kTicketLimit = std::uint32_t(1) << 31;

    VirtualTime time = ~VirtualTime(0);
    VirtualTime scheduledAt = 0; // for merging with other events in scheduling order
    // Pairs an arrival with its free: the number the free will bring back.
    // kNoTicket for an arrival held forever.
    std::uint32_t ticket = kNoTicket;
    std::uint16_t requestClass = 0;
    Order order = 0;
    Kind kind = End;
};

// A workload's requests, in time order: Poisson arrivals per class with
// their orders and lifetimes, and each arrival's free when its lifetime
// ends. All of it is a function of the workload and the seed alone, since
// each class draws from a random stream of its own whatever became of
// earlier requests. What the host does with a request (it may fail, or be
// reclaimed early) only makes its free a no-op. So the stream can be made
// ahead of the engine that consumes it, on another core (RequestFeed).
class RequestGenerator
{
public:
    RequestGenerator(const Workload& workload, double hostGiB, std::uint64_t seed);

    // Fill `out` with the next requests; past the last, with End.
    void generate(std::span<Request> out);

private:
    enum Kind : std::uint32_t
    {
        ArrivalEvent,
        FreeEvent
    };
    void scheduleArrival(std::uint32_t requestClass, VirtualTime now);
    Request arrival(const Event& event);
    Request free(const Event& event);

    std::vector<RequestClass> m_classes;
    std::vector<Random> m_random; // one stream per class
    std::vector<WeightedChoice> m_orders;
    std::vector<double> m_arrivalsPerSecond;
    EventQueue m_queue;
    std::vector<std::uint32_t> m_freeTickets; // returned by frees, reused last in first out
    std::uint32_t m_tickets = 0; // handed out so far
};

} // namespace gbw

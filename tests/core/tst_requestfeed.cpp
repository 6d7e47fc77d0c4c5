// SPDX-License-Identifier: GPL-3.0-or-later
// The request stream: arrivals and their frees in time order, each free
// bringing back the ticket its arrival took, the same whether made on
// demand or ahead on a thread of its own.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "sim/requestfeed.h"

using namespace gbw;

namespace {

constexpr VirtualTime kSecond = 1'000'000'000;

RequestClass makeClass(const char* name, double rate, Lifetime lifetime)
{
    RequestClass c;
    c.name = name;
    c.orderWeights = {5, 3, 0, 2}; // never order 2
    c.ratePerSecondPerGiB = rate;
    c.lifetime = lifetime;
    return c;
}

// Short and long lives, one class held forever, one that arrives only in a
// phase; 2 GiB, so the rates double.
Workload mixedWorkload()
{
    Workload w;
    w.name = "mixed";
    w.classes.push_back(makeClass("short", 20000, {Lifetime::Kind::Exponential, 0.05}));
    w.classes.push_back(makeClass("uniform", 5000, {Lifetime::Kind::Uniform, 0, 1, 3}));
    w.classes.push_back(makeClass("pinned", 500, {Lifetime::Kind::Forever}));
    RequestClass phase = makeClass("phase", 3000, {Lifetime::Kind::Fixed, 0.5});
    phase.startSeconds = 1;
    phase.stopSeconds = 2;
    w.classes.push_back(phase);
    return w;
}

bool sameRequest(const Request& x, const Request& y)
{
    return x.time == y.time && x.scheduledAt == y.scheduledAt && x.ticket == y.ticket
        && x.requestClass == y.requestClass && x.order == y.order && x.kind == y.kind;
}

} // namespace

TEST(RequestGenerator, EveryTicketComesBackOnceWhenItsLifetimeEnds)
{
    const Workload workload = mixedWorkload();
    RequestGenerator generator(workload, 2.0, 9);
    struct Held
    {
        VirtualTime since;
        std::uint16_t requestClass;
    };
    std::map<std::uint32_t, Held> outstanding; // by ticket
    std::vector<std::uint64_t> arrivals(workload.classes.size(), 0);
    std::vector<Request> chunk(777); // an odd size: requests span the calls
    Request last;
    last.time = 0;
    std::uint64_t frees = 0;
    while (last.time < 4 * kSecond && !HasFailure()) {
        generator.generate(chunk);
        for (const Request& r : chunk) {
            ASSERT_NE(r.kind, Request::End);
            ASSERT_TRUE(r.time > last.time || (r.time == last.time && r.scheduledAt >= last.scheduledAt))
                << "out of order at " << r.time;
            ASSERT_LT(r.scheduledAt, r.time);
            last = r;
            if (r.kind == Request::Free) {
                const auto it = outstanding.find(r.ticket);
                ASSERT_NE(it, outstanding.end()) << "ticket " << r.ticket << " freed but not held";
                const VirtualTime held = r.time - it->second.since;
                EXPECT_EQ(r.scheduledAt, it->second.since);
                switch (it->second.requestClass) {
                case 1:
                    EXPECT_GE(held, 1 * kSecond);
                    EXPECT_LE(held, 3 * kSecond);
                    break;
                case 3:
                    EXPECT_EQ(held, kSecond / 2);
                    break;
                }
                outstanding.erase(it);
                ++frees;
                continue;
            }
            ++arrivals[r.requestClass];
            EXPECT_NE(r.order, 2);
            EXPECT_LE(r.order, 3);
            if (r.requestClass == 2) {
                EXPECT_EQ(r.ticket, Request::kNoTicket);
                continue;
            }
            if (r.requestClass == 3) {
                EXPECT_GE(r.time, 1 * kSecond);
                EXPECT_LT(r.time, 2 * kSecond);
            }
            ASSERT_NE(r.ticket, Request::kNoTicket);
            ASSERT_TRUE(outstanding.emplace(r.ticket, Held {r.time, r.requestClass}).second)
                << "ticket " << r.ticket << " handed out twice";
        }
    }
    // Poisson counts over 4 s (the phase class: 1 s) at twice the per-GiB rates.
    const double seconds[] = {4, 4, 4, 1};
    for (std::size_t c = 0; c < arrivals.size(); ++c) {
        const double expected = workload.classes[c].ratePerSecondPerGiB * 2 * seconds[c];
        EXPECT_NEAR(double(arrivals[c]), expected, expected * 0.05) << workload.classes[c].name;
    }
    EXPECT_GT(frees, 100000u);
    // Tickets are reused: far fewer of them than arrivals.
    std::uint32_t highest = 0;
    for (const auto& [ticket, held] : outstanding)
        highest = std::max(highest, ticket);
    EXPECT_LT(highest, arrivals[0] / 4);
}

TEST(RequestGenerator, AWorkloadWithNothingLeftToAskEnds)
{
    Workload workload;
    RequestClass once = makeClass("once", 1000, {Lifetime::Kind::Fixed, 0.25});
    once.stopSeconds = 0.5;
    workload.classes = {once, makeClass("idle", 0, {Lifetime::Kind::Forever})};
    RequestGenerator generator(workload, 1.0, 1);
    std::vector<Request> requests(5000);
    generator.generate(requests);
    std::size_t arrivals = 0, frees = 0;
    for (const Request& r : requests) {
        arrivals += r.kind == Request::Arrival;
        frees += r.kind == Request::Free;
    }
    EXPECT_GT(arrivals, 400u);
    EXPECT_EQ(frees, arrivals);
    EXPECT_EQ(requests.back().kind, Request::End);
    EXPECT_EQ(requests.back().time, ~VirtualTime(0));
}

// Several chunks' worth, looking ahead as the engine does, and then the
// feed made ahead is dropped mid-stream (its thread must stop).
TEST(RequestFeed, AheadOnAThreadGivesTheSameRequestsAsOnDemand)
{
    const Workload workload = mixedWorkload();
    RequestFeed onDemand(RequestGenerator(workload, 2.0, 5), RequestFeed::Mode::OnDemand);
    RequestFeed ahead(RequestGenerator(workload, 2.0, 5), RequestFeed::Mode::Ahead);
    std::vector<Request> seen;
    std::size_t lookedAhead = 0;
    for (int i = 0; i < 100000; ++i) {
        ASSERT_TRUE(sameRequest(onDemand.peek(), ahead.peek())) << "request " << i;
        seen.push_back(ahead.peek());
        lookedAhead += ahead.upcoming(5) != nullptr;
        onDemand.pop();
        ahead.pop();
    }
    EXPECT_GT(lookedAhead, 90000u);
    // upcoming() promised what came: check a stretch of it against what was seen.
    RequestFeed again(RequestGenerator(workload, 2.0, 5), RequestFeed::Mode::Ahead);
    for (std::size_t i = 0; i < 20000; ++i) {
        if (const Request* later = again.upcoming(3)) {
            ASSERT_TRUE(sameRequest(*later, seen[i + 3])) << "request " << i;
        }
        again.pop();
    }
}

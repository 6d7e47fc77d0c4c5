// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestgenerator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gbw {

namespace {
VirtualTime lifetimeOf(const Lifetime& lifetime, Random& random)
{
    switch (lifetime.kind) {
    case Lifetime::Kind::Fixed:
        return fromSeconds(lifetime.meanSeconds);
    case Lifetime::Kind::Uniform:
        return fromSeconds(lifetime.minSeconds + (lifetime.maxSeconds - lifetime.minSeconds) * random.unit());
    case Lifetime::Kind::Exponential:
        return fromSeconds(-std::log(1.0 - random.unit()) * lifetime.meanSeconds);
    case Lifetime::Kind::Forever:
        break;
    }
    return ~VirtualTime(0);
}
} // namespace

RequestGenerator::RequestGenerator(const Workload& workload, double hostGiB, std::uint64_t seed)
    : m_classes(workload.classes)
{
    std::uint64_t streamSeed = seed;
    for (const auto& cls : m_classes) {
        m_orders.emplace_back(cls.orderWeights);
        m_arrivalsPerSecond.push_back(cls.ratePerSecondPerGiB * hostGiB);
        m_random.emplace_back(streamSeed++ * 0x9E3779B97F4A7C15ull + 1);
    }
    for (std::uint32_t c = 0; c < m_classes.size(); ++c)
        scheduleArrival(c, 0);
}

void RequestGenerator::generate(std::span<Request> out)
{
    for (Request& request : out) {
        if (m_queue.empty()) {
            request = Request {};
            continue;
        }
        const Event event = m_queue.pop();
        request = event.kind == ArrivalEvent ? arrival(event) : free(event);
    }
}

// Poisson arrivals: exponential gaps with the class's mean, inside the
// class's phase (a class without one starts at 0 and never stops).
void RequestGenerator::scheduleArrival(std::uint32_t requestClass, VirtualTime now)
{
    const double rate = m_arrivalsPerSecond[requestClass];
    if (rate <= 0)
        return;
    const RequestClass& cls = m_classes[requestClass];
    const double gap = -std::log(1.0 - m_random[requestClass].unit()) / rate;
    const VirtualTime at = std::max(now, fromSeconds(cls.startSeconds)) + std::max<VirtualTime>(1, fromSeconds(gap));
    if (cls.stopSeconds > 0 && at >= fromSeconds(cls.stopSeconds))
        return;
    m_queue.push({at, 0, ArrivalEvent, requestClass, 0}, now);
}

// The draws go in the order they always went: the next arrival's gap, then
// this one's order and lifetime, so a seed gives the runs it gave before.
Request RequestGenerator::arrival(const Event& event)
{
    const std::uint32_t c = event.a;
    scheduleArrival(c, event.time);
    const RequestClass& cls = m_classes[c];
    Request request;
    request.kind = Request::Arrival;
    request.time = event.time;
    request.scheduledAt = event.scheduledAt;
    request.requestClass = std::uint16_t(c);
    request.order = Order(m_orders[c].draw(m_random[c]));
    const VirtualTime lifetime = lifetimeOf(cls.lifetime, m_random[c]);
    if (cls.lifetime.kind == Lifetime::Kind::Forever)
        return request;
    if (m_freeTickets.empty()) {
        // Each pending free holds a ticket and an event: 2^31 of them would be 48 GiB.
        if (m_tickets == Request::kTicketLimit)
            throw std::length_error("more than 2^31 requests waiting for their free");
        request.ticket = m_tickets++;
    } else {
        request.ticket = m_freeTickets.back();
        m_freeTickets.pop_back();
    }
    m_queue.push({event.time + lifetime, 0, FreeEvent, request.ticket, 0}, event.time);
    return request;
}

// The ticket may serve a later arrival: any consumer reads this free first.
Request RequestGenerator::free(const Event& event)
{
    Request request;
    request.kind = Request::Free;
    request.time = event.time;
    request.scheduledAt = event.scheduledAt;
    request.ticket = event.a;
    m_freeTickets.push_back(event.a);
    return request;
}

} // namespace gbw

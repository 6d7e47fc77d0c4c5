// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <deque>
#include <random>

#include "model/freelinks.h"

using namespace gbw;

namespace {
std::deque<std::uint32_t> walk(const FreeLinks& links, const ListEnds& list)
{
    std::deque<std::uint32_t> out;
    for (auto i = list.head; i != ListEnds::kNil; i = links.next(i))
        out.push_back(i);
    return out;
}
} // namespace

TEST(FreeLinks, HeadAndTailInsertionKeepListOrder)
{
    FreeLinks links;
    ListEnds list;
    links.pushHead(list, 10);
    links.pushHead(list, 20);
    links.pushTail(list, 30);
    EXPECT_EQ(walk(links, list), (std::deque<std::uint32_t> {20, 10, 30}));
    links.remove(list, 10);
    EXPECT_EQ(walk(links, list), (std::deque<std::uint32_t> {20, 30}));
    links.remove(list, 20);
    links.remove(list, 30);
    EXPECT_TRUE(list.empty());
    EXPECT_EQ(list.tail, ListEnds::kNil);
    EXPECT_EQ(links.size(), 0u);
}

// Many lists sharing one table, against std::deque, through growth and
// backward-shift deletions with colliding keys.
TEST(FreeLinks, AgreesWithADequeUnderRandomOperations)
{
    FreeLinks links;
    std::vector<ListEnds> lists(4);
    std::vector<std::deque<std::uint32_t>> expected(4);
    std::mt19937 random(7);
    std::vector<std::uint32_t> present;
    std::vector<int> owner(1 << 16, -1);
    for (int step = 0; step < 200000; ++step) {
        const bool insert = present.size() < 50 || (random() % 3 != 0 && present.size() < 30000);
        if (insert) {
            const std::uint32_t key = (random() % (1 << 16)) & ~0xfu; // aligned keys collide more in the hash
            if (owner[key] >= 0)
                continue;
            const int l = int(random() % 4);
            if (random() % 2) {
                links.pushHead(lists[l], key);
                expected[l].push_front(key);
            } else {
                links.pushTail(lists[l], key);
                expected[l].push_back(key);
            }
            owner[key] = l;
            present.push_back(key);
        } else {
            const std::size_t i = random() % present.size();
            const std::uint32_t key = present[i];
            present[i] = present.back();
            present.pop_back();
            const int l = owner[key];
            links.remove(lists[l], key);
            expected[l].erase(std::find(expected[l].begin(), expected[l].end(), key));
            owner[key] = -1;
        }
        if (step % 5000 == 0) {
            for (int l = 0; l < 4; ++l)
                ASSERT_EQ(walk(links, lists[l]), expected[l]) << "list " << l << " at step " << step;
        }
    }
    EXPECT_EQ(links.size(), present.size());
    for (auto key : present)
        EXPECT_TRUE(links.contains(key));
}

// Pareto frontiers by hand: simplex grids, dominance, hypervolume against counted cells, the
// reference point and the middle point the papers' tables report.
#include <QtTest>

#include <cmath>

#include <set>

#include "core/spec/pareto.h"

class TestPareto : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simplexGrids()
    {
        const auto two = mtlx::simplexGrid(2, 5);
        QCOMPARE(two.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(two[i][0], static_cast<double>(i) / 4); // w_1 = i / (K − 1)
            QCOMPARE(two[i][0] + two[i][1], 1.0);
        }
        const auto three = mtlx::simplexGrid(3, 4);
        QCOMPARE(three.size(), std::size_t(10)); // K(K+1)/2
        std::set<std::vector<double>> unique(three.begin(), three.end());
        QCOMPARE(unique.size(), std::size_t(10));
        for (const auto& w : three) {
            QVERIFY(std::abs(w[0] + w[1] + w[2] - 1) < 1e-12);
            for (double x : w)
                QVERIFY(std::abs(x * 3 - std::round(x * 3)) < 1e-12); // multiples of 1/3
        }
        QCOMPARE(mtlx::simplexGrid(3, 1), (std::vector<std::vector<double>>{{1.0 / 3, 1.0 / 3, 1.0 / 3}}));
    }

    // The grid is counted without being built: 12 tasks × 40 points is C(50, 11) = 37,353,738,800.
    void gridSizesAreCountedWithoutBuilding()
    {
        for (std::size_t tasks = 1; tasks <= 4; ++tasks)
            for (int points = 1; points <= 7; ++points)
                QCOMPARE(mtlx::simplexGridSize(tasks, points),
                         static_cast<double>(mtlx::simplexGrid(tasks, points).size()));
        QCOMPARE(mtlx::simplexGridSize(12, 40), 37353738800.0);
        QCOMPARE(mtlx::simplexGridSize(8, 1000), std::round(mtlx::simplexGridSize(8, 1000)));
        QVERIFY(mtlx::simplexGridSize(8, 1000) > 1e17);
    }

    // The yardstick of compare --baseline on hand-made points (lower is better).
    void dominationFactorByHand()
    {
        const std::vector<std::vector<double>> front{{1, 4}, {2, 2}, {4, 1}};
        // (3, 3) is dominated by (2, 2): min(3/2, 3/2) = 1.5; by nothing else.
        QCOMPARE(mtlx::dominationFactor(front, {3, 3}), 1.5);
        // (4.4, 2.2): dominated by (2, 2) with min(2.2, 1.1) = 1.1 and by (4, 1) with min(1.1, 2.2) = 1.1.
        QVERIFY(std::abs(mtlx::dominationFactor(front, {4.4, 2.2}) - 1.1) < 1e-12);
        // (5, 4): by (1, 4) min(5, 1) = 1, by (2, 2) min(2.5, 2) = 2, by (4, 1) min(1.25, 4) = 1.25: 2.
        QCOMPARE(mtlx::dominationFactor(front, {5, 4}), 2.0);
        // Not dominated: below the frontier, or equal to a point of it.
        QCOMPARE(mtlx::dominationFactor(front, {1.5, 1.5}), 0.0);
        QCOMPARE(mtlx::dominationFactor(front, {2, 2}), 0.0);
        QCOMPARE(mtlx::dominationFactor(front, {0.5, 5}), 0.0);
        // The yardstick's verdict: the margin, or the hypervolume a point adds against (5, 5). The
        // front covers 1·1 + 2·3 + 1·4 = 11; with (1.5, 1.5), which hides (2, 2):
        // 0.5·1 + 2.5·3.5 + 1·4 = 13.25, so it adds 2.25.
        const mtlx::Yardstick yardstick(front, {5, 5});
        QCOMPARE(yardstick.volume(), 11.0);
        const auto dominated = yardstick.judge({3, 3});
        QVERIFY(dominated.dominated());
        QCOMPARE(dominated.marginPercent(), 50.0);
        QCOMPARE(dominated.label(), std::string("dominated, margin 50 %"));
        const auto beyond = yardstick.judge({1.5, 1.5});
        QVERIFY(!beyond.dominated());
        QCOMPARE(beyond.addedVolume, 2.25);
        QCOMPARE(beyond.label(), std::string("not dominated, adds 2.25"));
    }

    void dominanceAndHypervolumeByHand()
    {
        const std::vector<std::vector<double>> pts{{1, 3}, {2, 2}, {3, 1}, {3, 3}, {2, 2}};
        QCOMPARE(mtlx::nonDominated(pts), (std::vector<std::size_t>{0, 1, 2, 4})); // (3,3) is dominated
        // Rectangles against (4, 4): 3·1 + 2·1 + 1·1 = 6.
        QCOMPARE(mtlx::hypervolume(pts, {4, 4}), 6.0);
        // A point beyond the reference adds nothing.
        QCOMPARE(mtlx::hypervolume({{1, 3}, {5, 0}}, {4, 4}), 3.0);
        // Three objectives: two boxes of volume 2 overlapping in a unit cube.
        QCOMPARE(mtlx::hypervolume({{0, 1, 1}, {1, 0, 1}}, {2, 2, 2}), 3.0);
    }

    void hypervolumeMatchesCountingCells()
    {
        // Integer points in [0, 5]³, reference (6, 6, 6): the volume is the number of unit cells
        // whose lower corner some point dominates (weakly).
        std::mt19937 gen(11);
        std::uniform_int_distribution<int> coordinate(0, 5);
        for (int trial = 0; trial < 20; ++trial) {
            std::vector<std::vector<double>> pts;
            for (int i = 0; i < 7; ++i)
                pts.push_back({double(coordinate(gen)), double(coordinate(gen)), double(coordinate(gen))});
            int cells = 0;
            for (int x = 0; x < 6; ++x)
                for (int y = 0; y < 6; ++y)
                    for (int z = 0; z < 6; ++z) {
                        bool covered = false;
                        for (const auto& p : pts)
                            covered = covered || (p[0] <= x && p[1] <= y && p[2] <= z);
                        cells += covered;
                    }
            QCOMPARE(mtlx::hypervolume(pts, {6, 6, 6}), double(cells));
        }
    }

    void referencePointAndMiddlePoint()
    {
        QCOMPARE(mtlx::referencePoint({{1, 5}, {3, 2}}), (std::vector<double>{3.2, 5.3}));
        // Two seeds per grid point; the frontier of the means; middle = nearest to uniform.
        std::vector<mtlx::ParetoPoint> pts{{0, {0, 1}, 1, {3.0, 1.0}},     {0, {0, 1}, 2, {3.2, 1.2}},
                                           {1, {0.5, 0.5}, 1, {2.0, 2.0}}, {1, {0.5, 0.5}, 2, {2.2, 1.8}},
                                           {2, {1, 0}, 1, {1.0, 3.0}},     {2, {1, 0}, 2, {1.0, 3.4}}};
        const auto f = mtlx::makeFrontier({"a", "b"}, {"mse", "accuracy"}, pts);
        QCOMPARE(f.means.size(), std::size_t(3));
        QVERIFY(std::abs(f.means[1].values[0] - 2.1) < 1e-12);
        QVERIFY(std::abs(f.means[1].spread[0] - std::sqrt(0.02)) < 1e-12);
        QCOMPARE(f.middle, 1);
        QCOMPARE(f.objectiveNames(), (std::vector<std::string>{"a mse", "b 1-accuracy"}));
        QVERIFY(std::abs(mtlx::metricFromObjective("accuracy", 0.25) - 0.75) < 1e-12);
        const auto j = mtlx::frontierToJson(f);
        QCOMPARE(j["points"].size(), std::size_t(6));
        QVERIFY(std::abs(j["middle_point"]["metrics"]["b"]["value"].get<double>() - (1 - 1.9)) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestPareto)
#include "tst_pareto.moc"

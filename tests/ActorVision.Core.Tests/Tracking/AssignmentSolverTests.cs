using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Tracking;

public class AssignmentSolverTests
{
    private const float Limit = 0.8f;

    public static TheoryData<int, int, int> Sizes => new()
    {
        // rows, columns, seed
        { 1, 1, 1 }, { 2, 2, 2 }, { 3, 2, 3 }, { 2, 4, 4 }, { 4, 4, 5 }, { 5, 3, 6 }, { 5, 5, 7 }, { 6, 6, 8 }, { 3, 6, 9 },
    };

    /// <summary>The solver's total must equal the best total found by trying every matching.</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_exhaustive_search(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var solver = new AssignmentSolver();
        for (var trial = 0; trial < 200; trial++)
        {
            var cost = new float[rows, columns];
            var pairs = new List<AssignmentPair>();
            for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                // About half the pairs are forbidden, as most tracks and detections do not overlap.
                cost[r, c] = random.NextDouble() < 0.5 ? float.PositiveInfinity : (float)random.NextDouble() * Limit * 0.999f;
                if (cost[r, c] < Limit) pairs.Add(new AssignmentPair(r, c, cost[r, c]));
            }
            var match = new int[rows];
            solver.Solve(pairs.ToArray(), rows, columns, Limit, match);

            Assert.Equal(match.Where(c => c >= 0).Count(), match.Where(c => c >= 0).Distinct().Count());
            Assert.All(Enumerable.Range(0, rows).Where(r => match[r] >= 0), r => Assert.True(cost[r, match[r]] < Limit));
            Assert.Equal(Best(cost, rows, columns), Total(cost, match, rows, columns), 4);
        }
    }

    [Fact]
    public void Prefers_leaving_a_weak_pair_unmatched_to_forcing_two_weak_pairs()
    {
        // Track 0 fits detection 0 well and detection 1 poorly; track 1 fits only detection 0, poorly.
        // Matching everything (0-1, 1-0) would cost 1.5; matching 0-0 and leaving the rest costs 0.1 + 0.8.
        var match = new int[2];
        new AssignmentSolver().Solve([new(0, 0, 0.1f), new(0, 1, 0.75f), new(1, 0, 0.75f)], 2, 2, Limit, match);
        Assert.Equal([0, -1], match);
    }

    private static double Total(float[,] cost, int[] match, int rows, int columns)
    {
        var matched = match.Count(c => c >= 0);
        var total = Enumerable.Range(0, rows).Where(r => match[r] >= 0).Sum(r => (double)cost[r, match[r]]);
        return total + (rows - matched + columns - matched) * Limit / 2d;
    }

    private static double Best(float[,] cost, int rows, int columns)
    {
        var best = double.PositiveInfinity;
        var match = new int[rows];
        var used = new bool[columns];
        void Search(int r)
        {
            if (r == rows)
            {
                best = Math.Min(best, Total(cost, match, rows, columns));
                return;
            }
            match[r] = -1;
            Search(r + 1);
            for (var c = 0; c < columns; c++)
            {
                if (used[c] || !(cost[r, c] < Limit)) continue;
                used[c] = true;
                match[r] = c;
                Search(r + 1);
                used[c] = false;
            }
            match[r] = -1;
        }
        Search(0);
        return best;
    }
}

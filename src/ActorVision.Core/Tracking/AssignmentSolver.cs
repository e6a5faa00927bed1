namespace ActorVision.Core.Tracking;

/// <summary>
/// Optimal matching of rows (tracks) to columns (detections) given the allowed pairs and their costs, where
/// anything may stay unmatched, like lapjv with ByteTrack's <c>extend_cost</c>: leaving a row or a column unmatched
/// costs half the limit each, so a pair is taken only when it beats leaving both free.
/// <para>
/// The pairs are first split into independent groups (rows and columns joined by allowed pairs); each group is
/// solved exactly by the Hungarian method, and the common case of one track overlapping one detection costs
/// nothing. Buffers grow to the largest problem seen and are then reused, so steady state allocates nothing.
/// </para>
/// </summary>
internal sealed class AssignmentSolver
{
    private int[] _parent = [];
    private int[] _head = [];
    private int[] _next = [];
    private int[] _local = [];
    private int[] _groupRows = [];
    private int[] _groupColumns = [];
    private double[] _matrix = [];
    private double[] _u = [];
    private double[] _v = [];
    private double[] _minimum = [];
    private int[] _columnOwner = [];
    private int[] _way = [];
    private bool[] _used = [];

    /// <summary>
    /// Fills <paramref name="rowToColumn"/> with the matched column of each row, or -1. <paramref name="pairs"/> lists
    /// every allowed pair once with its cost, which must be below <paramref name="limit"/>.
    /// </summary>
    public void Solve(ReadOnlySpan<AssignmentPair> pairs, int rows, int columns, float limit, Span<int> rowToColumn)
    {
        rowToColumn[..rows].Fill(-1);
        if (rows == 0 || columns == 0 || pairs.IsEmpty) return;
        var nodes = rows + columns;
        EnsureGroupCapacity(nodes);

        for (var i = 0; i < nodes; i++) _parent[i] = i;
        foreach (var pair in pairs) Union(pair.Row, rows + pair.Column);

        // Members of each group as a linked list from its root, in ascending order.
        Array.Fill(_head, -1, 0, nodes);
        for (var i = nodes - 1; i >= 0; i--)
        {
            var root = Find(i);
            _next[i] = _head[root];
            _head[root] = i;
        }

        for (var root = 0; root < nodes; root++)
        {
            if (_head[root] < 0) continue;
            int groupRows = 0, groupColumns = 0;
            for (var member = _head[root]; member >= 0; member = _next[member])
            {
                if (member < rows)
                {
                    _local[member] = groupRows;
                    _groupRows[groupRows++] = member;
                }
                else
                {
                    _local[member] = groupColumns;
                    _groupColumns[groupColumns++] = member - rows;
                }
            }
            if (groupRows == 0 || groupColumns == 0) continue;
            if (groupRows == 1 && groupColumns == 1)
            {
                // Joined means the one pair is allowed.
                rowToColumn[_groupRows[0]] = _groupColumns[0];
                continue;
            }
            SolveGroup(pairs, rows, root, limit, groupRows, groupColumns, rowToColumn);
        }
    }

    private void SolveGroup(ReadOnlySpan<AssignmentPair> pairs, int rows, int root, float limit, int groupRows, int groupColumns, Span<int> rowToColumn)
    {
        // Square extension: [cost | unmatched rows] over [unmatched columns | 0]; pairs not listed are forbidden.
        var n = groupRows + groupColumns;
        EnsureMatrixCapacity(n);
        var half = limit / 2d;
        var forbidden = limit + 1d;
        var a = _matrix;
        for (var i = 0; i < n; i++)
        {
            var rowStart = i * n;
            for (var j = 0; j < n; j++)
                a[rowStart + j] = i < groupRows ? (j < groupColumns ? forbidden : half) : (j < groupColumns ? half : 0d);
        }
        foreach (var pair in pairs)
        {
            if (Find(pair.Row) != root) continue;
            a[_local[pair.Row] * n + _local[rows + pair.Column]] = pair.Cost;
        }

        Hungarian(n);

        for (var j = 1; j <= n; j++)
        {
            var i = _columnOwner[j] - 1;
            var column = j - 1;
            if (i < groupRows && column < groupColumns && a[i * n + column] < limit)
                rowToColumn[_groupRows[i]] = _groupColumns[column];
        }
    }

    // The O(n^3) Hungarian method with potentials, 1-based as in its classic formulation:
    // _columnOwner[j] is the row (1-based) assigned to column j.
    private void Hungarian(int n)
    {
        var a = _matrix;
        var u = _u;
        var v = _v;
        var p = _columnOwner;
        var way = _way;
        var minv = _minimum;
        var used = _used;
        Array.Clear(u, 0, n + 1);
        Array.Clear(v, 0, n + 1);
        Array.Clear(p, 0, n + 1);
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity, 0, n + 1);
            Array.Clear(used, 0, n + 1);
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                var rowStart = (i0 - 1) * n;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var current = a[rowStart + j - 1] - u[i0] - v[j];
                    if (current < minv[j])
                    {
                        minv[j] = current;
                        way[j] = j0;
                    }
                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (p[j0] != 0);
            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
    }

    // Path halving keeps later finds short.
    private int Find(int node)
    {
        while (_parent[node] != node)
        {
            _parent[node] = _parent[_parent[node]];
            node = _parent[node];
        }
        return node;
    }

    private void Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb) return;
        // The smaller index becomes the root so the result does not depend on the order pairs are met.
        if (ra < rb) _parent[rb] = ra;
        else _parent[ra] = rb;
    }

    private void EnsureGroupCapacity(int nodes)
    {
        if (_parent.Length >= nodes) return;
        var size = Math.Max(nodes, _parent.Length * 2);
        _parent = new int[size];
        _head = new int[size];
        _next = new int[size];
        _local = new int[size];
        _groupRows = new int[size];
        _groupColumns = new int[size];
    }

    private void EnsureMatrixCapacity(int n)
    {
        if (_u.Length >= n + 1) return;
        var size = Math.Max(n, (_u.Length - 1) * 2);
        _matrix = new double[size * size];
        _u = new double[size + 1];
        _v = new double[size + 1];
        _minimum = new double[size + 1];
        _columnOwner = new int[size + 1];
        _way = new int[size + 1];
        _used = new bool[size + 1];
    }
}

using ActorVision.Domain.Capacity;

namespace ActorVision.Domain.Tests.Capacity;

public class LiveFairQueueTests
{
    [Fact]
    public void Requesters_take_turns_least_recently_run_first_and_each_keeps_its_order()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 32);
        foreach (var item in new[] { "a1", "a2", "a3" }) Enqueue(queue, "ana", item);
        Enqueue(queue, "bob", "b1");
        Enqueue(queue, "bob", "b2");
        Enqueue(queue, "cy", "c1");

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], DequeueAll(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_requester_that_was_idle_or_is_new_gets_one_turn_ahead_and_then_its_share_not_a_burst()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 64);
        for (var i = 0; i < 20; i++)
        {
            Enqueue(queue, "ana", "a");
            Enqueue(queue, "bob", "b");
        }
        for (var i = 0; i < 20; i++) queue.TryDequeue(out _); // ana and bob ran 10 times each, cy never
        for (var i = 0; i < 5; i++) Enqueue(queue, "cy", "c");

        Assert.Equal(["c", "a", "b", "c", "a", "b", "c"], DequeueAll(queue).Take(7));
    }

    [Fact]
    public void When_full_a_requester_with_nothing_queued_displaces_the_oldest_item_of_the_one_holding_most()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 4);
        Enqueue(queue, "ana", "a1");
        Enqueue(queue, "ana", "a2");
        Enqueue(queue, "ana", "a3");
        Enqueue(queue, "bob", "b1");

        Assert.Equal(LiveAdmission.ShedOther, queue.Enqueue("cy", "c1", out var shed));
        Assert.Equal("a1", shed);
        Assert.Equal((4, 2, 1), (queue.Count, queue.QueuedBy("ana"), queue.QueuedBy("cy")));
        Assert.Equal(["a2", "b1", "c1", "a3"], DequeueAll(queue));
    }

    [Fact]
    public void When_full_a_requester_that_holds_most_replaces_its_own_oldest_item_with_the_newer_one()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 3);
        Enqueue(queue, "ana", "a1");
        Enqueue(queue, "bob", "b1");
        Enqueue(queue, "ana", "a2");

        Assert.Equal(LiveAdmission.ReplacedOlder, queue.Enqueue("ana", "a3", out var shed));
        Assert.Equal("a1", shed);
        Assert.Equal(["b1", "a2", "a3"], DequeueAll(queue));
    }

    [Fact]
    public void When_full_and_everyone_holds_one_the_requester_run_most_recently_gives_way_even_its_own_newcomer()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 2);
        Enqueue(queue, "ana", "a1");
        Enqueue(queue, "bob", "b1");
        Assert.Equal(["a1", "b1"], DequeueAll(queue)); // bob ran last
        Enqueue(queue, "ana", "a2");
        Enqueue(queue, "bob", "b2");

        Assert.Equal(LiveAdmission.ShedOther, queue.Enqueue("cy", "c1", out var shed));
        Assert.Equal("b2", shed);
        // bob now holds nothing, but ran more recently than ana and cy: his next frame is the one refused.
        Assert.Equal(LiveAdmission.Refused, queue.Enqueue("bob", "b3", out var refused));
        Assert.Equal("b3", refused);
        Assert.Equal(["c1", "a2"], DequeueAll(queue));
    }

    [Fact]
    public void A_requester_waiting_longest_is_never_refused_because_of_when_it_arrives()
    {
        var queue = new LiveFairQueue<string, string>(capacity: 2);
        Enqueue(queue, "ana", "a1");
        Enqueue(queue, "bob", "b1");
        queue.TryDequeue(out _); // ana ran
        Enqueue(queue, "ana", "a2");

        // Full with ana (ran) and bob (never ran); cy has never run either and arrives last: ana gives way.
        Assert.Equal(LiveAdmission.ShedOther, queue.Enqueue("cy", "c1", out var shed));
        Assert.Equal("a2", shed);
        Assert.Equal(["b1", "c1"], DequeueAll(queue));
    }

    [Fact]
    public void Every_item_leaves_exactly_once_by_running_giving_way_or_draining()
    {
        var queue = new LiveFairQueue<int, long>(capacity: 5);
        var left = new HashSet<long>();
        long next = 0;
        for (var step = 0; step < 1000; step++)
        {
            var item = next++;
            if (queue.Enqueue((int)(item * 7 % 9), item, out var shed) != LiveAdmission.Queued) Assert.True(left.Add(shed));
            if (step % 3 == 0 && queue.TryDequeue(out var ran)) Assert.True(left.Add(ran));
        }
        foreach (var item in queue.Drain()) Assert.True(left.Add(item));

        Assert.Equal(next, left.Count);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Requesters_that_come_and_go_are_forgotten_so_state_stays_bounded()
    {
        var queue = new LiveFairQueue<int, int>(capacity: 8, rememberedRuns: 16);
        for (var requester = 0; requester < 10_000; requester++)
        {
            queue.Enqueue(requester, requester, out _);
            if (requester % 2 == 0) queue.TryDequeue(out _);
            Assert.True(queue.RememberedRequesters <= 8 + 2 * 16, $"{queue.RememberedRequesters} remembered after {requester + 1}");
        }
    }

    [Fact]
    public void Newcomers_refused_while_nothing_runs_leave_no_state_behind()
    {
        var queue = new LiveFairQueue<int, int>(capacity: 4);
        for (var requester = 0; requester < 4; requester++) queue.Enqueue(requester, requester, out _);
        for (var i = 0; i < 4; i++) queue.TryDequeue(out _); // four requesters ran
        for (var requester = 0; requester < 4; requester++) queue.Enqueue(requester, requester, out _);

        // The worker is stuck: a stream of new requesters displaces the old ones but nothing grows.
        for (var requester = 4; requester < 10_000; requester++) queue.Enqueue(requester, requester, out _);

        Assert.Equal(4, queue.Count);
        Assert.True(queue.RememberedRequesters <= 8, $"{queue.RememberedRequesters} remembered");
    }

    [Fact]
    public void Queueing_and_running_allocate_nothing_once_warm()
    {
        var requesters = Enumerable.Range(0, 40).Select(i => $"camera-{i}").ToArray();
        var items = Enumerable.Range(0, 40).Select(i => new object()).ToArray();
        var queue = new LiveFairQueue<string, object>(capacity: 32, rememberedRuns: 64);
        void Churn(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            for (var i = 0; i < requesters.Length; i++)
            {
                queue.Enqueue(requesters[(i * 7 + round) % requesters.Length], items[i], out _);
                if (i % 3 != 0) queue.TryDequeue(out _);
            }
        }
        Churn(200);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Churn(200);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(12, 8)] // 1.25x the capacity, batches of up to 8
    [InlineData(10, 1)] // 1.5x, a fixed-batch-1 model
    public void Periodic_cameras_over_capacity_all_get_about_the_same_share_where_first_come_first_served_starves_some(int period, int maxBatch)
    {
        // 30 cameras at one frame every `period` ticks (5 fps at 20 ms a tick) with evenly spread phases, two requests
        // in flight each and a keep-newest frame behind them, as FrameAnalysisStage sends. Two workers take up to
        // maxBatch requests when free and run one frame a tick each: 2 frames a tick against 2.5 or 3 offered. Queue of 32.
        var cameras = Enumerable.Repeat(period, 30).ToArray();
        var fifo = Simulate(new FirstComeFirstServed(32), cameras, maxBatch);
        var fair = Simulate(new Fair(32), cameras, maxBatch);

        // Measured (share of the mean, worst and best camera): first come first served 0.00-1.25 (12, 8) and
        // 0.00-1.50 (10, 1), cameras that never get a frame analysed (e2e-load on main: 0.10 to 4.23 fps of 5);
        // the fair queue 1.00-1.00 in both, with the same throughput. Capture to analysis, p50 / p99 ticks: first
        // come first served 22 / 23 and 16 / 16, fair 18 / 28 and 11 / 20 (cameras that waited longer go first).
        Assert.True(fifo.Min < 0.1 * fifo.Mean, $"first come first served: {fifo}");
        Assert.True(fair.Min >= 0.8 * fair.Mean && fair.Max <= 1.2 * fair.Mean, $"fair: {fair}");
        Assert.True(fair.Mean >= 0.99 * fifo.Mean, $"fairness must not cost throughput: {fair} against {fifo}");
        Assert.True(fair.LatencyP99 <= 1.5 * fifo.LatencyP99, $"latency stays bounded: {fair} against {fifo}");
    }

    [Fact]
    public void Many_more_cameras_than_the_queue_holds_still_share_evenly()
    {
        // 100 cameras at 5 fps (period 30 ticks of 6.7 ms) on two workers: 3.3 frames a tick offered, 2 run, and only
        // 32 can wait, so most arrivals find the queue full and someone gives way every time.
        var cameras = Enumerable.Repeat(30, 100).ToArray();
        var fifo = Simulate(new FirstComeFirstServed(32), cameras, maxBatch: 8);
        var fair = Simulate(new Fair(32), cameras, maxBatch: 8);

        // Measured: first come first served 0.83-1.67 of the mean, fair 0.93-1.03; p99 capture to analysis 23 and
        // 37 ticks (a camera that ran least recently goes first even when it asked later).
        Assert.True(fair.Min >= 0.8 * fair.Mean && fair.Max <= 1.2 * fair.Mean, $"fair: {fair}");
        Assert.True(fair.LatencyP99 <= 2 * fifo.LatencyP99, $"latency stays bounded: {fair} against {fifo}");
    }

    [Fact]
    public void Cameras_asking_less_than_their_share_get_every_frame_and_the_rest_is_split_evenly()
    {
        // 30 cameras at 5 fps and 10 at 1 fps (period 50) on the same two workers: 3.2 frames a tick offered, 2 run.
        var cameras = Enumerable.Repeat(10, 30).Concat(Enumerable.Repeat(50, 10)).ToArray();
        var result = Simulate(new Fair(32), cameras, maxBatch: 8);

        var slow = result.Served[30..];
        var fast = result.Served[..30];
        Assert.All(slow, served => Assert.Equal(SimulatedTicks / 50, served));
        // Measured: every 5 fps camera ran 1200 frames, (2 x 20000 - 10 x 400) / 30.
        Assert.True(fast.Min() >= 0.8 * fast.Average() && fast.Max() <= 1.2 * fast.Average(), $"fast cameras: {string.Join(", ", fast)}");
    }

    private static void Enqueue(LiveFairQueue<string, string> queue, string requester, string item) =>
        Assert.Equal(LiveAdmission.Queued, queue.Enqueue(requester, item, out _));

    private static List<string> DequeueAll(LiveFairQueue<string, string> queue)
    {
        var order = new List<string>();
        while (queue.TryDequeue(out var item)) order.Add(item);
        return order;
    }

    private const int SimulatedTicks = 20_000;

    /// <param name="LatencyP50">Ticks from a frame's capture to the end of its run, median of the frames run.</param>
    private sealed record Shares(int[] Served, int LatencyP50, int LatencyP99)
    {
        public int Min => Served.Min();
        public int Max => Served.Max();
        public double Mean => Served.Average();
        public override string ToString() => $"min {Min} ({Min / Mean:0.00} of the mean) max {Max} ({Max / Mean:0.00}), mean {Mean:0.0}, latency p50 {LatencyP50} p99 {LatencyP99} ticks";
    }

    private interface ISimulatedQueue
    {
        int Count { get; }
        /// <summary>Returns the request that will not run (the offered one or a queued one), or -1.</summary>
        long Offer(long request);
        long Take();
    }

    /// <summary>The router before: one queue, a request that finds it full is refused.</summary>
    private sealed class FirstComeFirstServed(int capacity) : ISimulatedQueue
    {
        private readonly Queue<long> _queue = new();
        public int Count => _queue.Count;

        public long Offer(long request)
        {
            if (_queue.Count >= capacity) return request;
            _queue.Enqueue(request);
            return -1;
        }

        public long Take() => _queue.Dequeue();
    }

    private sealed class Fair(int capacity) : ISimulatedQueue
    {
        private readonly LiveFairQueue<int, long> _queue = new(capacity);
        public int Count => _queue.Count;
        public long Offer(long request) => _queue.Enqueue(CameraOf(request), request, out var shed) == LiveAdmission.Queued ? -1 : shed;
        public long Take() => _queue.TryDequeue(out var request) ? request : -1;
    }

    // A simulated request: the tick its frame was captured and its camera.
    private static long Request(int camera, int capturedAt) => (long)capturedAt << 16 | (uint)camera;
    private static int CameraOf(long request) => (int)(request & 0xFFFF);
    private static int CapturedAt(long request) => (int)(request >> 16);

    /// <param name="periods">Per camera, ticks between its frames; camera i's frames come at ticks t with (t + i) % period == 0.</param>
    private static Shares Simulate(ISimulatedQueue queue, int[] periods, int maxBatch, int window = 2, int workers = 2, int warmUp = 2_000)
    {
        var cameras = periods.Length;
        var inFlight = new int[cameras];
        var waitingFrame = new int[cameras]; // capture tick of the newest frame waiting for room, or -1
        Array.Fill(waitingFrame, -1);
        var served = new int[cameras];
        var latencies = new List<int>();
        var running = new List<long>[workers];
        var finishesAt = new int[workers];
        for (var w = 0; w < workers; w++) running[w] = new List<long>();

        void Send(int camera, int capturedAt)
        {
            inFlight[camera]++;
            var notRun = queue.Offer(Request(camera, capturedAt));
            if (notRun >= 0) Answered(CameraOf(notRun));
        }

        void Answered(int camera)
        {
            inFlight[camera]--;
            if (waitingFrame[camera] < 0) return;
            var capturedAt = waitingFrame[camera];
            waitingFrame[camera] = -1;
            Send(camera, capturedAt);
        }

        for (var tick = 0; tick < warmUp + SimulatedTicks; tick++)
        {
            for (var w = 0; w < workers; w++)
            {
                if (running[w].Count == 0 || finishesAt[w] > tick) continue;
                foreach (var request in running[w])
                {
                    if (tick >= warmUp)
                    {
                        served[CameraOf(request)]++;
                        latencies.Add(tick - CapturedAt(request));
                    }
                    Answered(CameraOf(request));
                }
                running[w].Clear();
            }
            for (var camera = 0; camera < cameras; camera++)
            {
                if ((tick + camera) % periods[camera] != 0) continue;
                if (inFlight[camera] < window) Send(camera, tick);
                else waitingFrame[camera] = tick; // the newest frame waits; an older one waiting is replaced
            }
            for (var w = 0; w < workers; w++)
            {
                if (running[w].Count > 0 || queue.Count == 0) continue;
                while (running[w].Count < maxBatch && queue.Count > 0) running[w].Add(queue.Take());
                finishesAt[w] = tick + running[w].Count;
            }
        }
        latencies.Sort();
        return new Shares(served, latencies[latencies.Count / 2], latencies[latencies.Count * 99 / 100]);
    }
}

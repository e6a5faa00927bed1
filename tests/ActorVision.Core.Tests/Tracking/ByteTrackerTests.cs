using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tests.Scenes;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Tracking;

public class ByteTrackerTests
{
    private static readonly Scene Walker = new(SceneObject.Person((0, 0.1f, 0.6f), (10, 0.9f, 0.6f)));

    /// <summary>Runs the scene and records, per frame, the tracks' (id, state, label) and the box of each confirmed one.</summary>
    private static List<(TimeSpan Time, (long Id, TrackState State, string Label, BoxF Box)[] Tracks)> Follow(Scene scene, IEnumerable<TimeSpan> times, TrackerOptions? options = null)
    {
        var tracker = new ByteTracker(options);
        var frames = new List<(TimeSpan, (long, TrackState, string, BoxF)[])>();
        foreach (var time in times)
        {
            var tracks = tracker.Update(scene.DetectionsAt(time), time);
            frames.Add((time, tracks.Select(t => (t.Id, t.State, t.Label, t.Box)).ToArray()));
        }
        return frames;
    }

    [Fact]
    public void Walking_person_keeps_one_id_and_is_confirmed_on_the_third_hit()
    {
        var frames = Follow(Walker, FrameTimes.Every(0.1, 10));
        Assert.Empty(frames[0].Tracks);
        Assert.Empty(frames[1].Tracks);
        Assert.Equal((1L, TrackState.Confirmed), (frames[2].Tracks.Single().Id, frames[2].Tracks.Single().State));
        Assert.All(frames.Skip(2), f => Assert.Equal(1L, f.Tracks.Single().Id));
    }

    [Fact]
    public void Filtered_box_follows_the_object()
    {
        var frames = Follow(Walker, FrameTimes.Every(0.1, 10));
        var last = frames[^1];
        var truth = Walker.DetectionsAt(last.Time).Single().Box;
        Assert.True(last.Tracks.Single().Box.IoU(truth) > 0.9f, $"{last.Tracks.Single().Box} vs {truth}");
    }

    [Fact]
    public void Velocity_is_in_pixels_per_second_whatever_the_frame_rate()
    {
        // 0.08 of 1280 px per second = 102.4 px/s.
        foreach (var times in new[] { FrameTimes.Every(0.04, 10), FrameTimes.Every(0.5, 10), FrameTimes.Irregular(0.05, 0.6, 10, seed: 3) })
        {
            var tracker = new ByteTracker();
            Track? track = null;
            foreach (var time in times) track = tracker.Update(Walker.DetectionsAt(time), time).SingleOrDefault();
            Assert.NotNull(track);
            Assert.InRange(track!.Velocity.X, 95f, 110f);
            Assert.InRange(track.Velocity.Y, -3f, 3f);
        }
    }

    [Fact]
    public void Single_stray_detections_never_become_tracks()
    {
        var tracker = new ByteTracker();
        var random = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            // Each frame a confident detection somewhere else: never twice in the same place.
            var x = (float)random.NextDouble() * 1200;
            var y = (float)random.NextDouble() * 600;
            var tracks = tracker.Update([new Detection(new BoxF(x, y, x + 40, y + 90), 0.95f, 0, "person")], TimeSpan.FromSeconds(i * 0.1));
            Assert.Empty(tracks);
        }
        Assert.Equal(1, tracker.NextId);
    }

    public static TheoryData<double, double, double> OcclusionGaps => new()
    {
        // frame step, hidden from, hidden to (seconds)
        { 0.1, 3.0, 3.1 },
        { 0.1, 3.0, 3.5 },
        { 0.1, 3.0, 4.5 },
        { 0.2, 3.0, 4.8 },
        { 0.5, 3.0, 4.5 },
    };

    [Theory]
    [MemberData(nameof(OcclusionGaps))]
    public void Identity_survives_an_occlusion_shorter_than_the_lost_time(double step, double from, double to)
    {
        var scene = new Scene(SceneObject.Person((0, 0.1f, 0.6f), (10, 0.9f, 0.6f)).HiddenBetween(from, to));
        var frames = Follow(scene, FrameTimes.Every(step, 10));
        var ids = frames.SelectMany(f => f.Tracks).Select(t => t.Id).Distinct().ToArray();
        Assert.Equal([1L], ids);
        Assert.Contains(frames, f => f.Tracks.Any(t => t.State == TrackState.Lost));
        Assert.Equal(TrackState.Confirmed, frames[^1].Tracks.Single().State);
    }

    [Fact]
    public void Person_walking_behind_another_keeps_their_id()
    {
        // B stands still; A walks past behind B and is not detected while hidden (1.2 s), then reappears.
        var scene = new Scene(
            SceneObject.Person((0, 0.1f, 0.55f), (8, 0.9f, 0.55f)).HiddenBetween(3.4, 4.6),
            SceneObject.Person((0, 0.5f, 0.6f), (8, 0.5f, 0.6f)));
        var frames = Follow(scene, FrameTimes.Every(0.1, 8));
        var ids = frames.SelectMany(f => f.Tracks).Select(t => t.Id).Distinct().Order().ToArray();
        Assert.Equal([1L, 2L], ids);
        var end = frames[^1].Tracks.ToDictionary(t => t.Id, t => t.Box.Center.X / 1280f);
        Assert.InRange(end[1], 0.85f, 0.95f);
        Assert.InRange(end[2], 0.45f, 0.55f);
    }

    [Fact]
    public void Object_gone_longer_than_the_lost_time_is_removed_once_and_returns_with_a_new_id()
    {
        var scene = new Scene(SceneObject.Person((0, 0.1f, 0.6f), (10, 0.9f, 0.6f)).HiddenBetween(3, 6));
        var frames = Follow(scene, FrameTimes.Every(0.1, 10));
        var removed = frames.Where(f => f.Tracks.Any(t => t.State == TrackState.Removed)).ToArray();
        Assert.Single(removed);
        Assert.Equal(1L, removed[0].Tracks.Single().Id);
        // Removed after more than 2 s of absence: last seen just before 3 s.
        Assert.InRange(removed[0].Time.TotalSeconds, 5.0, 5.2);
        Assert.Equal(2L, frames[^1].Tracks.Single().Id);
    }

    [Fact]
    public void Ids_are_never_reused_after_removal()
    {
        // Ten people, one after another, each passing through and leaving.
        var people = Enumerable.Range(0, 10)
            .Select(i => SceneObject.Person((i * 4.0, 0.1f, 0.6f), (i * 4.0 + 2, 0.5f, 0.6f)))
            .ToArray();
        var frames = Follow(new Scene(people), FrameTimes.Every(0.1, 45));
        var idsInOrder = frames.SelectMany(f => f.Tracks).Select(t => t.Id).Distinct().ToArray();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), idsInOrder);
    }

    [Fact]
    public void Two_people_crossing_paths_keep_their_ids()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.1f, 0.5f), (6, 0.9f, 0.7f)),
            SceneObject.Person((0, 0.9f, 0.5f), (6, 0.1f, 0.7f)));
        var frames = Follow(scene, FrameTimes.Every(0.1, 6));
        var last = frames[^1].Tracks.Where(t => t.State == TrackState.Confirmed).ToDictionary(t => t.Id, t => t.Box.Center.X);
        Assert.Equal([1L, 2L], last.Keys.Order());
        // Track 1 started on the left and must end on the right.
        var first = frames.First(f => f.Tracks.Length == 2).Tracks.ToDictionary(t => t.Id, t => t.Box.Center.X);
        Assert.True(first[1] < first[2]);
        Assert.True(last[1] > last[2], $"ids swapped: {string.Join(", ", last)}");
    }

    [Fact]
    public void Classes_never_share_a_track()
    {
        // A person and a car at the same place, and a detector that mislabels the person as a car for one frame.
        var tracker = new ByteTracker();
        var person = new BoxF(600, 300, 650, 420);
        var car = new BoxF(590, 330, 700, 420);
        var ids = new HashSet<(long, string)>();
        for (var i = 0; i < 40; i++)
        {
            var t = TimeSpan.FromSeconds(i * 0.1);
            Detection[] detections = i == 20
                ? [new Detection(person, 0.9f, 2, "car"), new Detection(car, 0.9f, 2, "car")]
                : [new Detection(person, 0.9f, 0, "person"), new Detection(car, 0.9f, 2, "car")];
            foreach (var track in tracker.Update(detections, t)) ids.Add((track.Id, track.Label));
        }
        Assert.Equal([(1L, "person"), (2L, "car")], ids.Order().ToArray());
    }

    [Fact]
    public void Low_score_detections_keep_a_track_confirmed_but_never_start_one()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.1f, 0.6f), (10, 0.9f, 0.6f)).FaintBetween(3, 6),
            SceneObject.Person((0, 0.5f, 0.3f), (10, 0.5f, 0.3f)) with { Score = 0.3f });
        var frames = Follow(scene, FrameTimes.Every(0.1, 10));
        Assert.All(frames.Skip(2), f =>
        {
            var track = Assert.Single(f.Tracks);
            Assert.Equal((1L, TrackState.Confirmed), (track.Id, track.State));
        });
    }

    [Fact]
    public void Result_is_ordered_by_id_and_reuses_one_list()
    {
        var scene = new Scene(Enumerable.Range(0, 12).Select(i => SceneObject.Person((i * 0.3, 0.05f + i * 0.07f, 0.9f - i * 0.05f), (20, 0.05f + i * 0.07f, 0.5f))).ToArray());
        var tracker = new ByteTracker();
        IReadOnlyList<Track>? previous = null;
        foreach (var time in FrameTimes.Every(0.1, 8))
        {
            var tracks = tracker.Update(scene.DetectionsAt(time), time);
            Assert.Equal(tracks.Select(t => t.Id).Order(), tracks.Select(t => t.Id));
            if (previous is not null) Assert.Same(previous, tracks);
            previous = tracks;
        }
        Assert.Equal(12, previous!.Count);
    }

    [Fact]
    public void Broken_detections_and_time_going_back_are_survived()
    {
        var tracker = new ByteTracker();
        var good = new Detection(new BoxF(100, 100, 140, 200), 0.9f, 0, "person");
        for (var i = 0; i < 5; i++) tracker.Update([good], TimeSpan.FromSeconds(i * 0.1));
        var tracks = tracker.Update(
        [
            good,
            new Detection(new BoxF(float.NaN, 0, 10, 10), 0.9f, 0, "person"),
            new Detection(new BoxF(50, 50, 50, 80), 0.9f, 0, "person"),
            new Detection(new BoxF(300, 300, 340, 400), float.NaN, 0, "person"),
        ], TimeSpan.FromSeconds(0.2));
        var track = Assert.Single(tracks);
        Assert.Equal(TrackState.Confirmed, track.State);
        Assert.Equal(1, tracker.LiveTrackCount);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_option_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new ByteTracker(new TrackerOptions { LowScoreThreshold = 0.7f, HighScoreThreshold = 0.5f }));
        Assert.Contains("LowScoreThreshold", error.Message);
        Assert.Throws<ArgumentException>(() => new ByteTracker(new TrackerOptions { ConfirmHits = 0 }));
        Assert.Throws<ArgumentException>(() => new ByteTracker(new TrackerOptions { MatchThreshold = 0f }));
    }

    [Fact]
    public void Restored_tracker_continues_exactly()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.1f, 0.5f), (6, 0.9f, 0.7f)).HiddenBetween(2, 2.6),
            SceneObject.Person((0, 0.9f, 0.5f), (6, 0.1f, 0.7f)),
            SceneObject.Car((1, 0.2f, 0.9f), (5, 0.8f, 0.95f)));
        var times = FrameTimes.Irregular(0.05, 0.3, 8, seed: 11);
        var expected = Follow(scene, times);

        foreach (var split in new[] { 3, 17, times.Count / 2 })
        {
            var tracker = new ByteTracker();
            for (var i = 0; i < split; i++) tracker.Update(scene.DetectionsAt(times[i]), times[i]);
            var json = System.Text.Json.JsonSerializer.Serialize(tracker.Capture());
            var restored = ByteTracker.Restore(System.Text.Json.JsonSerializer.Deserialize<TrackerState>(json)!);
            for (var i = split; i < times.Count; i++)
            {
                var tracks = restored.Update(scene.DetectionsAt(times[i]), times[i]).Select(t => (t.Id, t.State, t.Label, t.Box)).ToArray();
                Assert.Equal(expected[i].Tracks, tracks);
            }
        }
    }

    [Fact]
    public void Steady_state_update_allocates_nothing()
    {
        var scene = new Scene(Enumerable.Range(0, 30).Select(i => SceneObject.Person((0, 0.05f + i * 0.03f, 0.3f + i % 5 * 0.12f), (60, 0.1f + i * 0.03f, 0.35f + i % 5 * 0.12f))).ToArray());
        var detections = Enumerable.Range(0, 400).Select(i => scene.DetectionsAt(TimeSpan.FromSeconds(i * 0.1))).ToArray();
        var tracker = new ByteTracker();
        for (var i = 0; i < 200; i++) tracker.Update(detections[i], TimeSpan.FromSeconds(i * 0.1));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 200; i < 400; i++) tracker.Update(detections[i], TimeSpan.FromSeconds(i * 0.1));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

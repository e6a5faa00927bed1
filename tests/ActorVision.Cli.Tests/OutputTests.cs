using System.Text.Json;
using ActorVision.Cli.Jobs;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Tests;

/// <summary>Tables and JSON from protobuf messages, as a redirected stdout receives them.</summary>
public class OutputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private static string Render(IRenderable renderable)
    {
        var output = new StringWriter();
        var terminal = Terminal.ForWriters(output, new StringWriter());
        terminal.Screen.Write(renderable);
        return output.ToString();
    }

    private static Camera Lobby() => new()
    {
        Spec = new CameraSpec { Id = "lobby", SourceUrl = "rtsp://admin:hunter2@10.0.0.5/stream1", Models = { "motion" } },
        Status = new CameraStatus
        {
            CameraId = "lobby", State = CameraState.Running, Node = "akka.tcp://actorvision@10.0.0.2:4053",
            FpsIn = 25, FpsAnalysed = 5, FramesDropped = 1234, EventsTotal = 56, ManagedBy = "api",
        },
    };

    [Fact]
    public void Redirected_tables_carry_no_ansi_codes()
    {
        var text = Render(CameraView.List(new ListCamerasReply { Cameras = { Lobby() } }));

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("lobby", text);
        Assert.Contains("Running", text);
        Assert.Contains("1,234", text);
        Assert.Contains("akka.tcp://actorvision@10.0.0.2:4053", text);
    }

    [Fact]
    public void Redirected_tables_are_not_wrapped_at_80_columns()
    {
        var text = Render(CameraView.List(new ListCamerasReply { Cameras = { Lobby() } }));

        var row = text.Split('\n').Single(l => l.Contains("lobby", StringComparison.Ordinal));
        Assert.True(row.Length > 80, row);
    }

    [Fact]
    public void Camera_source_credentials_never_reach_the_table()
    {
        var text = Render(CameraView.List(new ListCamerasReply { Cameras = { Lobby() } }));

        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("rtsp://***@10.0.0.5/stream1", text);
    }

    [Fact]
    public void Camera_status_shows_the_reason_and_counters()
    {
        var status = Lobby().Status;
        status.State = CameraState.Reconnecting;
        status.Reason = "source ended: connection refused";
        status.Since = Timestamp.FromDateTimeOffset(Now.AddMinutes(-3));
        status.Counters.Add("door.in", 12);
        status.Counters.Add("door.out", 9);

        var text = Render(CameraView.Status(status, Now));

        Assert.Contains("Reconnecting", text);
        Assert.Contains("source ended: connection refused", text);
        Assert.Contains("2026-11-26 13:57:00Z (3m)", text);
        Assert.Contains("door.in", text);
        Assert.Contains("12", text);
    }

    [Fact]
    public void Shard_stats_name_the_node_of_every_count_and_total_per_region()
    {
        var reply = new ShardStatsReply
        {
            Regions =
            {
                new RegionStats { Region = "camera", Node = "akka.tcp://actorvision@10.0.0.2:4053", Shards = 50, Entities = 120 },
                new RegionStats { Region = "camera", Node = "akka.tcp://actorvision@10.0.0.3:4053", Shards = 50, Entities = 80 },
                new RegionStats { Region = "job", Node = "akka.tcp://actorvision@10.0.0.2:4053", Shards = 3, Entities = 4 },
            },
            UnreachableNodes = { "akka.tcp://actorvision@10.0.0.4:4053" },
        };

        var lines = Render(ClusterView.ShardStats(reply)).Split('\n');

        Assert.Contains(lines, l => l.Contains("camera", StringComparison.Ordinal) && l.Contains("10.0.0.2:4053", StringComparison.Ordinal) && l.Contains("120", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("camera", StringComparison.Ordinal) && l.Contains("10.0.0.3:4053", StringComparison.Ordinal) && l.Contains("80", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("camera", StringComparison.Ordinal) && l.Contains("total", StringComparison.Ordinal) && l.Contains("100", StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("no answer in time from: akka.tcp://actorvision@10.0.0.4:4053", StringComparison.Ordinal));
    }

    [Fact]
    public void Members_table_marks_the_leader_and_unreachable_members()
    {
        var reply = new MembersReply
        {
            Leader = "akka.tcp://actorvision@10.0.0.2:4053",
            Members =
            {
                new Member { Address = "akka.tcp://actorvision@10.0.0.2:4053", Status = "Up", Reachable = true, IsLeader = true, IsSelf = true,
                    Roles = { "ingest", "api" }, UpSince = Timestamp.FromDateTimeOffset(Now.AddHours(-2)) },
                new Member { Address = "akka.tcp://actorvision@10.0.0.3:4053", Status = "Up", Reachable = false, Roles = { "ingest" } },
            },
        };

        var lines = Render(ClusterView.Members(reply, Now)).Split('\n');

        Assert.Contains(lines, l => l.Contains("10.0.0.2:4053", StringComparison.Ordinal) && l.Contains("leader", StringComparison.Ordinal) && l.Contains("2h", StringComparison.Ordinal) && l.Contains("ingest, api", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("10.0.0.3:4053", StringComparison.Ordinal) && l.Contains("Up (unreachable)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2 members, 1 up, 1 unreachable, 0 over capacity", StringComparison.Ordinal));
    }

    [Fact]
    public void Members_table_shows_each_nodes_load_and_headroom_and_why_a_node_is_over_capacity()
    {
        var reply = new MembersReply
        {
            Members =
            {
                new Member { Address = "akka.tcp://actorvision@10.0.0.2:4053", Status = "Up", Reachable = true, Roles = { "ingest" },
                    Capacity = new NodeCapacity { Cameras = 12, UsedCores = 0.42, CapacityCores = 1.6, HeadroomCores = 1.18, CoresPerCamera = 0.031 } },
                new Member { Address = "akka.tcp://actorvision@10.0.0.3:4053", Status = "Up", Reachable = true, Roles = { "ingest" },
                    Capacity = new NodeCapacity { Cameras = 40, UsedCores = 1.82, CapacityCores = 1.6, HeadroomCores = -0.22, OverCapacity = true,
                        Reasons = { "CPU 1.82 of 1.60 cores (80% of 2)" } } },
                new Member { Address = "akka.tcp://actorvision@10.0.0.4:4053", Status = "Up", Reachable = true, Roles = { "api" } },
            },
        };

        var text = Render(ClusterView.Members(reply, Now));
        var lines = text.Split('\n');

        Assert.Contains(lines, l => l.Contains("10.0.0.2:4053", StringComparison.Ordinal) && l.Contains("0.42 / 1.60", StringComparison.Ordinal)
                                    && l.Contains("1.18", StringComparison.Ordinal) && l.Contains("ok, 0.03 cores per camera", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("10.0.0.3:4053", StringComparison.Ordinal) && l.Contains("-0.22", StringComparison.Ordinal));
        Assert.Contains("over capacity: CPU 1.82 of", text);
        Assert.Contains(lines, l => l.Contains("3 members, 3 up, 0 unreachable, 1 over capacity", StringComparison.Ordinal));
    }

    [Fact]
    public void Event_lines_for_tail_are_one_line_each_with_the_offset()
    {
        var e = new AnalyticsEvent
        {
            Offset = 1042, CameraId = "lobby", RuleId = "door", Type = "LineCrossed", TrackId = 17, Label = "person", Confidence = 0.91f,
            WallTime = Timestamp.FromDateTimeOffset(Now), Direction = CrossingDirection.In, InCount = 12, OutCount = 3,
        };

        var text = Render(EventView.Line(e));

        Assert.Equal("2026-11-26 14:00:00Z lobby door LineCrossed track 17 person 0.91 direction=in in=12 out=3 [#1042]", text.TrimEnd());
    }

    [Fact]
    public void Json_documents_are_protobuf_json_with_every_field_present()
    {
        var json = ProtoJson.Document(new ListCamerasReply { Cameras = { Lobby() } });

        using var document = JsonDocument.Parse(json);
        var camera = document.RootElement.GetProperty("cameras")[0];
        Assert.Equal("lobby", camera.GetProperty("spec").GetProperty("id").GetString());
        Assert.Equal("CAMERA_STATE_RUNNING", camera.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("1234", camera.GetProperty("status").GetProperty("framesDropped").GetString());
        // Defaults are written, so scripts can rely on the field being there.
        Assert.Equal("0", camera.GetProperty("status").GetProperty("reconnects").GetString());
        Assert.Equal(0, camera.GetProperty("spec").GetProperty("analysisWidth").GetInt32());
    }

    [Fact]
    public void Json_lines_are_single_lines()
    {
        var line = ProtoJson.Line(new AnalyticsEvent { Id = "e1", Offset = 5, Label = "multi\nline" });

        Assert.DoesNotContain('\n', line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("5", document.RootElement.GetProperty("offset").GetString());
    }

    [Fact]
    public void The_final_job_object_has_the_documented_shape()
    {
        var job = new Job
        {
            Id = "j-42",
            State = JobState.Completed,
            Progress = new JobProgress { FramesAnalysed = 18000, FramesUndecodable = 3, Events = 40 },
            Summary = new JobSummary { EventCount = 41, PerRule = { ["zone"] = 30, ["door"] = 11 } },
        };

        using var document = JsonDocument.Parse(JobOutcome.Json(job));
        var root = document.RootElement;

        Assert.Equal(["jobId", "state", "framesAnalysed", "framesUndecodable", "eventCount", "perRule"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("j-42", root.GetProperty("jobId").GetString());
        Assert.Equal("JOB_STATE_COMPLETED", root.GetProperty("state").GetString());
        Assert.Equal(18000, root.GetProperty("framesAnalysed").GetInt64());
        Assert.Equal(3, root.GetProperty("framesUndecodable").GetInt64());
        Assert.Equal(41, root.GetProperty("eventCount").GetInt64());
        Assert.Equal(["door", "zone"], root.GetProperty("perRule").EnumerateObject().Select(p => p.Name));
        Assert.Equal(11, root.GetProperty("perRule").GetProperty("door").GetInt64());
    }

    [Fact]
    public void A_failed_job_object_carries_its_reason()
    {
        var job = new Job { Id = "j-1", State = JobState.Failed, Reason = "input is not a video: moov atom not found" };

        using var document = JsonDocument.Parse(JobOutcome.Json(job));

        Assert.Equal("JOB_STATE_FAILED", document.RootElement.GetProperty("state").GetString());
        Assert.Equal("input is not a video: moov atom not found", document.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, document.RootElement.GetProperty("eventCount").GetInt64());
    }

    [Fact]
    public void Job_and_device_tables_render()
    {
        var jobs = Render(JobView.List(new ListJobsReply
        {
            Jobs = { new Job { Id = "j-1", State = JobState.Running, Spec = new JobSpec { Input = "videos/day1.mp4" },
                Progress = new JobProgress { Percent = 42.5, FramesDone = 7650, FramesTotal = 18000 } } },
        }));
        var devices = Render(InferenceView.Devices(new ListDevicesReply
        {
            Devices = { new Device { Node = "node-1", Device_ = "cpu", Provider = "CPUExecutionProvider", Workers = 2, MeanBatchSize = 3.5, Rejected = 7 } },
        }));

        Assert.Contains("42.5%", jobs);
        Assert.Contains("7,650/18,000", jobs);
        Assert.Contains("videos/day1.mp4", jobs);
        Assert.Contains("CPUExecutionProvider", devices);
        Assert.Contains("3.50", devices);
        Assert.DoesNotContain('\u001b', jobs + devices);
    }
}

using Akka.Actor;
using ActorVision.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Protocol.Mapping;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>Every Cameras RPC through the node's real Kestrel server: happy paths and each documented error.</summary>
[Collection(ApiNodeCollection.Name)]
public sealed class CamerasApiTests(ApiNodeFixture fixture)
{
    private V1.Cameras.CamerasClient Cameras => fixture.Clients.Cameras;

    [Fact]
    public async Task Added_camera_reads_back_through_get_status_and_list()
    {
        var spec = CameraSpecs.Live("add-read", fixture.Rtsp.CameraUrl);
        var added = await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec });

        Assert.Equal("add-read", added.Camera.Spec.Id);
        Assert.Equal(fixture.Rtsp.CameraUrl, added.Camera.Spec.SourceUrl);
        Assert.Equal("api", added.Camera.Status.ManagedBy);
        Assert.Equal(V1.CameraState.Stopped, added.Camera.Status.State);

        var read = await Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "add-read" });
        Assert.Equal(added.Camera.Spec, read.Camera.Spec);
        var status = await Cameras.GetCameraStatusAsync(new V1.CameraIdRequest { CameraId = "add-read" });
        Assert.Equal($"akka.tcp://actorvision@127.0.0.1:{fixture.Node.AkkaPort}", status.Node);
        var list = await Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.Contains(list.Cameras, c => c.Spec.Id == "add-read" && c.Status.ManagedBy == "api");
    }

    [Fact]
    public async Task Adding_an_existing_id_is_AlreadyExists_unless_it_is_the_same_camera()
    {
        var spec = CameraSpecs.Live("duplicate", fixture.Rtsp.CameraUrl);
        await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec });

        // The very same camera again (a retried add) is accepted.
        await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec });
        var other = spec.Clone();
        other.AnalysisFps = 2;
        var error = await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = other }));
        Assert.Contains("duplicate", error.Status.Detail);
    }

    [Fact]
    public async Task An_invalid_camera_is_InvalidArgument_naming_each_field()
    {
        var spec = CameraSpecs.Live("invalid", fixture.Rtsp.CameraUrl);
        spec.AnalysisFps = 500;
        spec.Models.Add("no-such-model");
        spec.Rules.Add(CameraSpecs.Walkway());
        spec.Rules.Add(CameraSpecs.Zone("too-small", (0.1f, 0.1f), (0.2f, 0.2f)));
        spec.Rules.Add(new V1.Rule { Id = "kindless" });

        // A rule without a kind is a shape error found before the camera is asked.
        var shape = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec }));
        Assert.Equal(["spec.rules[2]"], RpcAssert.FieldViolations(shape));

        spec.Rules.RemoveAt(2);
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec }));
        var fields = RpcAssert.FieldViolations(error);
        Assert.Contains("spec.analysisFps", fields);
        Assert.Contains("spec.models[1]", fields);
        Assert.Contains(fields, f => f.StartsWith("spec.rules[1].polygon", StringComparison.Ordinal));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "invalid" }));

        var badId = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "Not/An/Id" }));
        Assert.Equal(["camera_id"], RpcAssert.FieldViolations(badId));
        var noSpec = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.AddCameraAsync(new V1.AddCameraRequest()));
        Assert.Equal(["spec"], RpcAssert.FieldViolations(noSpec));
    }

    [Fact]
    public async Task Unknown_cameras_are_NotFound_saying_which()
    {
        var id = new V1.CameraIdRequest { CameraId = "nowhere" };
        var get = await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.GetCameraAsync(id));
        Assert.Contains("camera 'nowhere'", get.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.GetCameraStatusAsync(id));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.StartCameraAsync(id));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.StopCameraAsync(id));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.RemoveCameraAsync(id));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.SetRulesAsync(new V1.SetRulesRequest { CameraId = "nowhere" }));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest { Spec = new V1.CameraSpec { Id = "nowhere" } }));
        var list = await Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.DoesNotContain(list.Cameras, c => c.Spec.Id == "nowhere");
    }

    [Fact]
    public async Task Update_with_a_mask_changes_only_the_named_fields_and_keeps_the_stored_credentials()
    {
        var url = fixture.Rtsp.CameraUrl.Replace("rtsp://", "rtsp://viewer:s3cret@");
        var spec = CameraSpecs.Live("masked", url);
        spec.Outputs = new V1.CameraOutputs { Snapshots = true };
        var added = await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec });
        Assert.DoesNotContain("s3cret", added.Camera.Spec.SourceUrl);

        // What a client sends back is what it was shown: the redacted URL, and a new rate under the mask.
        var change = added.Camera.Spec.Clone();
        change.AnalysisFps = 2;
        change.Name = "ignored: not in the mask";
        var updated = await Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest
        {
            Spec = change,
            UpdateMask = new FieldMask { Paths = { "analysis_fps" } },
        });
        Assert.Equal(2, updated.Camera.Spec.AnalysisFps);
        Assert.Equal("Test masked", updated.Camera.Spec.Name);
        Assert.True(updated.Camera.Spec.Outputs.Snapshots);
        Assert.Equal(url, (await StoredSpecAsync("masked")).SourceUrl);

        // Replacing the whole spec with the redacted URL also keeps the stored one.
        var whole = updated.Camera.Spec.Clone();
        whole.Name = "Masked camera";
        whole.Outputs.Snapshots = false;
        var replaced = await Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest { Spec = whole });
        Assert.Equal("Masked camera", replaced.Camera.Spec.Name);
        Assert.False(replaced.Camera.Spec.Outputs.Snapshots);
        Assert.Equal(url, (await StoredSpecAsync("masked")).SourceUrl);

        var badMask = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest
        {
            Spec = change,
            UpdateMask = new FieldMask { Paths = { "analysis_fpz" } },
        }));
        Assert.Equal(["update_mask"], RpcAssert.FieldViolations(badMask));

        var invalid = change.Clone();
        invalid.AnalysisWidth = 333;
        var odd = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest
        {
            Spec = invalid,
            UpdateMask = new FieldMask { Paths = { "analysis_width" } },
        }));
        Assert.Equal(["spec.analysisWidth"], RpcAssert.FieldViolations(odd));
    }

    [Fact]
    public async Task Set_rules_replaces_the_rule_set_and_rejects_an_invalid_one_whole()
    {
        await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live("ruled", fixture.Rtsp.CameraUrl) });

        var set = new V1.SetRulesRequest { CameraId = "ruled", Rules = { CameraSpecs.Walkway(), CameraSpecs.Zone("yard", (0, 0), (0.5f, 0), (0.5f, 0.5f)) } };
        var reply = await Cameras.SetRulesAsync(set);
        Assert.Equal(["walkway", "yard"], reply.Camera.Spec.Rules.Select(r => r.Id));

        var invalid = new V1.SetRulesRequest
        {
            CameraId = "ruled",
            Rules = { CameraSpecs.Walkway(), CameraSpecs.Zone("outside", (0, 0), (2, 0), (2, 2)) },
        };
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Cameras.SetRulesAsync(invalid));
        Assert.Contains(RpcAssert.FieldViolations(error), f => f.StartsWith("rules[1].polygon", StringComparison.Ordinal));
        var after = await Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "ruled" });
        Assert.Equal(["walkway", "yard"], after.Camera.Spec.Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task Start_runs_the_camera_on_this_node_and_stop_stops_it()
    {
        await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live("runner", fixture.Rtsp.CameraUrl) });
        var id = new V1.CameraIdRequest { CameraId = "runner" };

        var started = await Cameras.StartCameraAsync(id);
        Assert.Contains(started.Camera.Status.State, new[] { V1.CameraState.Starting, V1.CameraState.Running });
        var running = await Eventually.GetAsync(
            async () => await Cameras.GetCameraStatusAsync(id),
            s => s.State == V1.CameraState.Running && s.FramesIn > 0,
            TimeSpan.FromSeconds(30), "camera runner running");
        Assert.Equal($"akka.tcp://actorvision@127.0.0.1:{fixture.Node.AkkaPort}", running.Node);
        Assert.NotNull(running.Since);

        var stopped = await Cameras.StopCameraAsync(id);
        Assert.Equal(V1.CameraState.Stopped, stopped.Camera.Status.State);
        // Stopping a stopped camera changes nothing and is not an error.
        await Cameras.StopCameraAsync(id);
    }

    [Fact]
    public async Task Remove_forgets_the_camera()
    {
        await Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live("short-lived", fixture.Rtsp.CameraUrl), Start = true });
        var id = new V1.CameraIdRequest { CameraId = "short-lived" };

        var removed = await Cameras.RemoveCameraAsync(id);
        Assert.Equal("short-lived", removed.CameraId);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.GetCameraAsync(id));
        var list = await Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.DoesNotContain(list.Cameras, c => c.Spec.Id == "short-lived");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Cameras.RemoveCameraAsync(id));
    }

    [Fact]
    public async Task Cameras_of_the_camera_file_cannot_be_changed_through_the_API()
    {
        var spec = CameraSpecMapping.FromProto(CameraSpecs.Live("from-file", fixture.Rtsp.CameraUrl), new List<FieldError>());
        var region = await fixture.Node.CameraRegionAsync();
        Assert.IsType<CameraAccepted>(await region.Ask<object>(new RegisterCamera(spec, CameraOwner.File, Start: false), TimeSpan.FromSeconds(10)));
        var id = new V1.CameraIdRequest { CameraId = "from-file" };

        var read = await Cameras.GetCameraAsync(id);
        Assert.Equal("file", read.Camera.Status.ManagedBy);
        var change = read.Camera.Spec.Clone();
        change.AnalysisFps = 1;
        var update = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest { Spec = change }));
        Assert.Contains("camera file", update.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Cameras.SetRulesAsync(new V1.SetRulesRequest { CameraId = "from-file" }));
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Cameras.RemoveCameraAsync(id));
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = change }));
        // Either door may start and stop a camera.
        await Cameras.StopCameraAsync(id);
    }

    private async Task<V1.CameraSpec> StoredSpecAsync(string id)
    {
        var region = await fixture.Node.CameraRegionAsync();
        var view = await region.Ask<CameraView>(new GetCamera(id), TimeSpan.FromSeconds(10));
        return CameraSpecMapping.ToProto(view.Spec);
    }
}

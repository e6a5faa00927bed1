using System.Runtime.Serialization;
using ActorVision.Core.Cameras;
using ActorVision.Persistence.Formats;
using Proto = ActorVision.Persistence.Formats.Proto;

namespace ActorVision.Persistence.Tests;

/// <summary>The stored formats are exact: what was written reads back, and what cannot be read says so.</summary>
public sealed class FormatsTests
{
    [Fact]
    public void A_spec_reads_back_exactly_without_the_API_defaults()
    {
        // The API fills in defaults before a spec is persisted or sent; the stored form must not fill them in again
        // (a zero rate sent to another node has to reach its validation as zero).
        var spec = JournalSamples.CameraSpec with { AnalysisFps = 0, Device = "", RtspTransport = RtspTransport.Udp, Outputs = new CameraOutputs { BitrateKbps = 0 } };

        var copy = CameraSpecFormat.FromProto(CameraSpecFormat.ToProto(spec));

        Assert.Equal((0d, "", RtspTransport.Udp, 0), (copy.AnalysisFps, copy.Device, copy.RtspTransport, copy.Outputs.BitrateKbps));
        Assert.Equal(spec.Rules, copy.Rules);
    }

    [Fact]
    public void A_stored_rule_without_a_kind_is_a_clear_error()
    {
        var error = Assert.Throws<SerializationException>(() => RuleFormat.FromProto(new Proto.Rule { Id = "door" }));
        Assert.Contains("'door'", error.Message);
    }
}

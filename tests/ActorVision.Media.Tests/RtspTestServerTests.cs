using System.Diagnostics;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>The RTSP test server itself: a machine that lacks one of its GStreamer elements is told what to install.</summary>
public sealed class RtspTestServerTests
{
    [Fact]
    public void A_missing_GStreamer_element_stops_the_server_at_start_naming_the_element_and_its_Debian_package()
    {
        // Every installed plugin but the one that provides clockoverlay, in a registry of its own.
        using var scratch = new ScratchDirectory();
        var plugins = Directory.CreateDirectory(scratch.File("plugins")).FullName;
        var elements = ListElements();
        var clockOverlayPlugin = elements["clockoverlay"].Plugin;
        foreach (var plugin in elements.Values.Select(e => e.Plugin).Distinct().Where(p => p != clockOverlayPlugin))
            File.CreateSymbolicLink(Path.Combine(plugins, Path.GetFileName(plugin)), plugin);
        var environment = new Dictionary<string, string>
        {
            ["GST_PLUGIN_SYSTEM_PATH_1_0"] = plugins,
            ["GST_PLUGIN_PATH_1_0"] = "",
            ["GST_REGISTRY_1_0"] = scratch.File("registry.bin"),
        };

        var failure = Assert.Throws<RtspTestServerSetupException>(() => RtspTestServer.Start(environment));

        Assert.Contains("missing GStreamer element 'clockoverlay' (used by /cam, /cam-sparse, /cam1080)", failure.Message);
        Assert.Contains("install the Debian package gstreamer1.0-x", failure.Message);
        Assert.DoesNotContain("'x264enc'", failure.Message);
    }

    [Fact]
    public void With_every_element_installed_the_server_lists_each_with_its_plugin_file()
    {
        var elements = ListElements();

        Assert.Superset(new HashSet<string> { "videotestsrc", "clockoverlay", "x264enc", "rtph264pay", "h264parse", "qtdemux", "udpsrc" },
            elements.Keys.ToHashSet());
        Assert.All(elements.Values, e => Assert.True(File.Exists(e.Plugin), e.Plugin));
        Assert.Equal("gstreamer1.0-x", elements["clockoverlay"].Package);
    }

    private static Dictionary<string, (string Plugin, string Package)> ListElements()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(TestAssets.RtspTestServerScript);
        start.ArgumentList.Add("--list-elements");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "rtsp_test_server.py --list-elements did not finish");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return lines.Select(l => l.Split('\t')).ToDictionary(f => f[0], f => (f[1], f[2]));
    }
}

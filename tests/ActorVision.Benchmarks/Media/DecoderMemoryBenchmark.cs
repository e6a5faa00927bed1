using System.Globalization;
using ActorVision.Benchmarks.EndToEnd;
using ActorVision.Benchmarks.Harness;
using ActorVision.Media;

namespace ActorVision.Benchmarks.Media;

/// <summary>
/// Memory one camera's decoding holds, against its limit: FFmpeg's H.264 decoder alone on the same stream. Opens
/// <c>--streams</c> (32) sources of an e2e-load clip (<c>--clip</c>, crossing) side by side, decodes 100 pictures of
/// each (past the first GOP, so the decoder's reference and reordering pictures are all allocated), then reads what is
/// held per stream: native bytes in use (glibc <c>mallinfo2</c>: allocator in-use bytes, immune to the fragmentation
/// and reuse that make resident-memory deltas of one process noisy) and managed bytes after a full collection.
/// Limit: the sources only decoding (<see cref="FrameSource.ReadPicture"/>, no conversion). Measured: the sources as a
/// live camera uses them, converting one picture in five (5 of 25 fps) into a pooled frame released before the next.
/// The gap is the pooled frame; the rest is the decoder's state, which no design that decodes each camera can shed.
/// </summary>
public sealed class DecoderMemoryBenchmark : IBenchmark
{
    private const int Pictures = 100;
    private const int ConvertEvery = 5;

    public string Name => "media-decoder-memory";
    public string Group => "media";
    public string Description => "memory per decoded camera stream (native + managed) vs FFmpeg's decoder alone on the same stream";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var clip = LoadSource.Named(context.Option("clip", "crossing"));
        var streams = int.Parse(context.Option("streams", "32"), CultureInfo.InvariantCulture);
        var decodeOnly = Measure(clip.Clip, streams, convert: false, cancellationToken);
        var camera = Measure(clip.Clip, streams, convert: true, cancellationToken);
        context.Log($"{clip.Name} ({clip.Description}), {streams} streams side by side, {Pictures} pictures each");
        context.Log($"FFmpeg decoder alone: {Mb(decodeOnly.Native):0.00} MB native, {Mb(decodeOnly.Managed):0.00} MB managed per stream");
        context.Log($"as a live camera (1 picture in {ConvertEvery} converted to a pooled {clip.Width}x{clip.Height} RGB frame): " +
                    $"{Mb(camera.Native):0.00} MB native, {Mb(camera.Managed):0.00} MB managed per stream");
        IReadOnlyList<BenchmarkResult> results =
        [
            new(Name, Mb(camera.Native + camera.Managed), "MB/stream", Baseline: Mb(decodeOnly.Native + decodeOnly.Managed),
                HigherIsBetter: false, Note: "FFmpeg's decoder alone (decode without conversion), same stream"),
        ];
        return Task.FromResult(results);
    }

    private static (double Native, double Managed) Measure(string clip, int streams, bool convert, CancellationToken cancellationToken)
    {
        var sources = new List<FrameSource>(streams);
        var (native0, managed0) = (ProcessUsage.NativeInUseBytes(), GC.GetTotalMemory(forceFullCollection: true));
        try
        {
            for (var i = 0; i < streams; i++)
                sources.Add(FrameSource.Open(new FrameSourceOptions(clip) { DecoderThreads = 1, Live = false, FramePoolSize = 16 }));
            for (var picture = 0; picture < Pictures; picture++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var source in sources)
                {
                    if (!source.ReadPicture()) throw new InvalidOperationException($"{clip} ended before {Pictures} pictures");
                    if (convert && picture % ConvertEvery == 0) source.ConvertPicture().Release();
                }
            }
            var (native1, managed1) = (ProcessUsage.NativeInUseBytes(), GC.GetTotalMemory(forceFullCollection: true));
            return ((double)(native1 - native0) / streams, (double)(managed1 - managed0) / streams);
        }
        finally
        {
            foreach (var source in sources) source.Dispose();
        }
    }

    private static double Mb(double bytes) => bytes / (1024 * 1024);
}

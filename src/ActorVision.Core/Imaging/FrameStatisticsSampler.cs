namespace ActorVision.Core.Imaging;

/// <summary>
/// Computes <see cref="FrameStatistics"/> from a fixed grid of luma samples (64 by 36, whatever the frame size),
/// keeping the previous frame's grid to measure change. A few microseconds per frame; allocation-free.
/// One sampler per camera; not thread-safe.
/// </summary>
public sealed class FrameStatisticsSampler
{
    public const int GridColumns = 64;
    public const int GridRows = 36;
    private const int SampleCount = GridColumns * GridRows;

    private readonly int[] _columnOffsets = new int[GridColumns];
    private readonly int[] _rowIndices = new int[GridRows];
    private byte[] _previous = new byte[SampleCount];
    private byte[] _current = new byte[SampleCount];
    private bool _hasPrevious;
    private int _width;
    private int _height;
    private PixelFormat _format;
    // Byte offsets of red, green and blue within a pixel; all 0 for grey frames (the weights sum to 256).
    private int _red, _green, _blue;

    public FrameStatistics Measure(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != _width || frame.Height != _height || frame.Format != _format)
        {
            Layout(frame.Width, frame.Height, frame.Format);
            _hasPrevious = false;
        }

        var samples = _current;
        var columns = _columnOffsets;
        int red = _red, green = _green, blue = _blue;
        long sum = 0, sumSquares = 0;
        var at = 0;
        for (var gy = 0; gy < GridRows; gy++)
        {
            ReadOnlySpan<byte> row = frame.Row(_rowIndices[gy]);
            for (var gx = 0; gx < columns.Length; gx++)
            {
                var offset = columns[gx];
                // BT.601 weights in 8-bit fixed point.
                var luma = (77 * row[offset + red] + 150 * row[offset + green] + 29 * row[offset + blue]) >> 8;
                samples[at++] = (byte)luma;
                sum += luma;
                sumSquares += luma * luma;
            }
        }

        var mean = (double)sum / SampleCount;
        var variance = Math.Max(0d, (double)sumSquares / SampleCount - mean * mean);
        var difference = 0f;
        if (_hasPrevious)
        {
            long total = 0;
            var previous = _previous;
            for (var i = 0; i < SampleCount; i++) total += Math.Abs(samples[i] - previous[i]);
            difference = (float)total / SampleCount;
        }
        var statistics = new FrameStatistics((float)mean, (float)Math.Sqrt(variance), difference, _hasPrevious);
        (_previous, _current) = (_current, _previous);
        _hasPrevious = true;
        return statistics;
    }

    /// <summary>Forget the previous frame (after a source restart, where a difference would mean nothing).</summary>
    public void Reset() => _hasPrevious = false;

    /// <summary>The previous frame's grid, or null before the first frame.</summary>
    public FrameSamplerState? Capture() =>
        _hasPrevious ? new FrameSamplerState(_width, _height, _format, (byte[])_previous.Clone()) : null;

    /// <summary>Continues from a captured grid: the next frame, if it has the captured size and format, is compared with it.</summary>
    public void Restore(FrameSamplerState? state)
    {
        _hasPrevious = false;
        if (state is null) return;
        if (state.Samples.Length != SampleCount)
            throw new ArgumentException($"A sampler state holds {SampleCount} samples, this one {state.Samples.Length}.", nameof(state));
        Layout(state.FrameWidth, state.FrameHeight, state.Format);
        state.Samples.CopyTo(_previous, 0);
        _hasPrevious = true;
    }

    private void Layout(int width, int height, PixelFormat format)
    {
        (_red, _green, _blue) = format switch
        {
            PixelFormat.Gray8 => (0, 0, 0),
            PixelFormat.Rgb24 => (0, 1, 2),
            PixelFormat.Bgr24 => (2, 1, 0),
            _ => throw new NotSupportedException($"Frame statistics do not support {format} frames."),
        };
        _width = width;
        _height = height;
        _format = format;
        var bytesPerPixel = format.BytesPerPixel();
        // Sample at the centre of each grid cell.
        for (var gx = 0; gx < GridColumns; gx++) _columnOffsets[gx] = (int)((2L * gx + 1) * width / (2 * GridColumns)) * bytesPerPixel;
        for (var gy = 0; gy < GridRows; gy++) _rowIndices[gy] = (int)((2L * gy + 1) * height / (2 * GridRows));
    }
}

using ActorVision.Core.Imaging;
using ActorVision.Inference.Models;

namespace ActorVision.Inference.Preprocessing;

/// <summary>
/// Letterboxes (or stretches, see <see cref="ResizeMode"/>) an Rgb24/Bgr24 frame into one image slot of a float
/// input tensor with bilinear sampling, in the model's layout, channel order and normalisation. Letterbox padding
/// is black (0 before normalisation).
/// Sampling tables are kept for the last source size, so a stream of equal-sized frames costs no allocation.
/// Not thread-safe: one writer per detector.
/// </summary>
public sealed class InputTensorWriter
{
    private readonly int _width;
    private readonly int _height;
    private readonly TensorLayout _layout;
    private readonly ResizeMode _resize;
    private readonly bool _swapToBgr;
    private readonly float[] _scale = new float[3];
    private readonly float[] _offset = new float[3];
    // Per output column/row: first source index and weight of the second; only the content area is used.
    private readonly int[] _x0;
    private readonly float[] _xWeight;
    private readonly int[] _y0;
    private readonly float[] _yWeight;
    private int _sourceWidth;
    private int _sourceHeight;
    private int _left, _top, _contentWidth, _contentHeight;
    private InputTransform _transform;

    public InputTensorWriter(int width, int height, TensorLayout layout, ChannelOrder channels, PixelNormalization normalization,
        ResizeMode resize = ResizeMode.Letterbox)
    {
        _width = width;
        _height = height;
        _layout = layout;
        _resize = resize;
        _swapToBgr = channels == ChannelOrder.Bgr;
        for (var c = 0; c < 3; c++)
        {
            _scale[c] = normalization.Scale(c);
            _offset[c] = normalization.Offset(c);
        }
        _x0 = new int[width];
        _xWeight = new float[width];
        _y0 = new int[height];
        _yWeight = new float[height];
    }

    public int ImageSize => _width * _height * 3;

    /// <summary>Writes <paramref name="frame"/> into <paramref name="slot"/> (length <see cref="ImageSize"/>) and returns the mapping back to the frame.</summary>
    public InputTransform Write(VideoFrame frame, Span<float> slot)
    {
        if (frame.Format is not (PixelFormat.Rgb24 or PixelFormat.Bgr24))
            throw new ArgumentException($"detectors take Rgb24 or Bgr24 frames, not {frame.Format}", nameof(frame));
        if (slot.Length != ImageSize) throw new ArgumentException($"slot holds {slot.Length} values, the model input needs {ImageSize}", nameof(slot));
        if (frame.Width != _sourceWidth || frame.Height != _sourceHeight) Prepare(frame.Width, frame.Height);

        var swap = _swapToBgr ^ frame.Format == PixelFormat.Bgr24;
        float s0 = _scale[0], s1 = _scale[1], s2 = _scale[2];
        float o0 = _offset[0], o1 = _offset[1], o2 = _offset[2];
        var plane = _width * _height;
        // Black padding after normalisation is the offset, which is not 0 for ranges like [-1, 1]. Without padding
        // the content covers every value, so the slot needs no clearing.
        if (_contentWidth != _width || _contentHeight != _height) FillPadding(slot, o0, o1, o2, plane);

        var pixels = frame.Pixels;
        var stride = frame.Stride;
        var maxX = frame.Width - 1;
        var maxY = frame.Height - 1;
        for (var oy = 0; oy < _contentHeight; oy++)
        {
            var ty = _top + oy;
            var y0 = _y0[ty];
            var y1 = Math.Min(y0 + 1, maxY);
            var wy = _yWeight[ty];
            var row0 = pixels.Slice(y0 * stride);
            var row1 = pixels.Slice(y1 * stride);
            for (var ox = 0; ox < _contentWidth; ox++)
            {
                var tx = _left + ox;
                var x0 = _x0[tx] * 3;
                var x1 = Math.Min(_x0[tx] + 1, maxX) * 3;
                var wx = _xWeight[tx];
                float a = Lerp(row0[x0], row0[x1], row1[x0], row1[x1], wx, wy);
                float b = Lerp(row0[x0 + 1], row0[x1 + 1], row1[x0 + 1], row1[x1 + 1], wx, wy);
                float c = Lerp(row0[x0 + 2], row0[x1 + 2], row1[x0 + 2], row1[x1 + 2], wx, wy);
                if (swap) (a, c) = (c, a);
                if (_layout == TensorLayout.Nhwc)
                {
                    var i = (ty * _width + tx) * 3;
                    slot[i] = a * s0 + o0;
                    slot[i + 1] = b * s1 + o1;
                    slot[i + 2] = c * s2 + o2;
                }
                else
                {
                    var i = ty * _width + tx;
                    slot[i] = a * s0 + o0;
                    slot[plane + i] = b * s1 + o1;
                    slot[2 * plane + i] = c * s2 + o2;
                }
            }
        }
        return _transform;
    }

    private static float Lerp(byte p00, byte p01, byte p10, byte p11, float wx, float wy)
    {
        var top = p00 + (p01 - p00) * wx;
        var bottom = p10 + (p11 - p10) * wx;
        return top + (bottom - top) * wy;
    }

    private void FillPadding(Span<float> slot, float o0, float o1, float o2, int plane)
    {
        if (_layout == TensorLayout.Nchw)
        {
            slot[..plane].Fill(o0);
            slot.Slice(plane, plane).Fill(o1);
            slot.Slice(2 * plane, plane).Fill(o2);
            return;
        }
        for (var i = 0; i < slot.Length; i += 3)
        {
            slot[i] = o0;
            slot[i + 1] = o1;
            slot[i + 2] = o2;
        }
    }

    private void Prepare(int sourceWidth, int sourceHeight)
    {
        if (_resize == ResizeMode.Stretch)
        {
            _transform = InputTransform.Stretch(sourceWidth, sourceHeight, _width, _height);
            (_contentWidth, _contentHeight, _left, _top) = (_width, _height, 0, 0);
        }
        else
        {
            _transform = InputTransform.Letterbox(sourceWidth, sourceHeight, _width, _height);
            _contentWidth = Math.Clamp((int)MathF.Round(sourceWidth * _transform.ScaleX), 1, _width);
            _contentHeight = Math.Clamp((int)MathF.Round(sourceHeight * _transform.ScaleY), 1, _height);
            _left = (_width - _contentWidth) / 2;
            _top = (_height - _contentHeight) / 2;
            // Keep the transform consistent with the integer placement actually used.
            _transform = _transform with { PadX = _left, PadY = _top };
        }
        Tables(_x0, _xWeight, _left, _contentWidth, sourceWidth);
        Tables(_y0, _yWeight, _top, _contentHeight, sourceHeight);
        _sourceWidth = sourceWidth;
        _sourceHeight = sourceHeight;
    }

    private void Tables(int[] index, float[] weight, int start, int count, int sourceSize)
    {
        var step = (float)sourceSize / count;
        for (var i = 0; i < count; i++)
        {
            // Pixel centres aligned (like cv::resize INTER_LINEAR).
            var s = Math.Clamp((i + 0.5f) * step - 0.5f, 0f, sourceSize - 1);
            var i0 = (int)s;
            index[start + i] = i0;
            weight[start + i] = s - i0;
        }
    }
}

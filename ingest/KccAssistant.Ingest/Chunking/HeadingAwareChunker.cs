using KccAssistant.Documents;
using KccAssistant.Text;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Chunking;

/// <summary>
/// Cuts a document into chunks of about <see cref="ChunkingOptions.TargetWords"/> words. Chunks never cross a
/// section. Inside a section the cuts are chosen together (dynamic programming over sentence-sized pieces) so
/// that they fall on paragraph boundaries where possible, then on line and sentence boundaries, and only as a
/// last resort inside a sentence; no chunk exceeds <see cref="ChunkingOptions.MaxWords"/>, and a small remainder
/// is shared with its neighbour instead of becoming a tiny chunk of its own.
/// </summary>
public sealed class HeadingAwareChunker : Pipeline.IDocumentChunker
{
    // Costs of a cut by where it falls: free between paragraphs, dearer inside one, dearest inside a sentence.
    private const double LineCutCost = 0.1;
    private const double SentenceCutCost = 0.4;
    private const double WordCutCost = 3;
    private const double SmallChunkCost = 2;
    private const double ChunkCost = 0.05;

    private readonly ChunkingOptions _options;
    private readonly DutchSentenceSplitter _splitter;

    /// <summary>Creates a chunker with the given options (validated) and sentence splitter.</summary>
    public HeadingAwareChunker(ChunkingOptions options, DutchSentenceSplitter? splitter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ChunkingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(ChunkingOptions.SectionName, typeof(ChunkingOptions), validation.Failures);
        }

        _options = options;
        _splitter = splitter ?? DutchSentenceSplitter.Default;
    }

    /// <summary>Creates a chunker from configured options.</summary>
    public HeadingAwareChunker(IOptions<ChunkingOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>The document's chunks in reading order; ordinals count from 0 over the whole document.</summary>
    public IReadOnlyList<Chunk> Chunk(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var chunks = new List<Chunk>();
        foreach (var section in document.Sections)
        {
            var text = section.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            foreach (var range in ChunkSection(text))
            {
                var ordinal = chunks.Count;
                chunks.Add(new Chunk
                {
                    Id = $"{document.Id}#{ordinal}",
                    DocumentId = document.Id,
                    Ordinal = ordinal,
                    SourceName = document.SourceName,
                    SourceType = document.Type,
                    Title = document.Title,
                    Url = document.Url,
                    Section = section.Heading,
                    Anchor = section.Anchor,
                    Question = document.Question,
                    Keywords = document.Keywords,
                    LastModified = document.LastModified,
                    Text = text[range],
                });
            }
        }

        return chunks;
    }

    /// <summary>Where the chunks of one section's text are.</summary>
    internal List<Range> ChunkSection(string text)
    {
        var pieces = Pieces(text);
        var count = pieces.Count;
        var result = new List<Range>();
        if (count == 0)
        {
            return result;
        }

        var prefix = new int[count + 1];
        for (var k = 0; k < count; k++)
        {
            prefix[k + 1] = prefix[k] + pieces[k].Words;
        }

        // best[j]: lowest cost of chunking pieces [0, j); from[j]: where the last of those chunks starts.
        var best = new double[count + 1];
        var from = new int[count + 1];
        Array.Fill(best, double.PositiveInfinity);
        best[0] = 0;
        for (var end = 1; end <= count; end++)
        {
            for (var start = end - 1; start >= 0; start--)
            {
                var words = prefix[end] - prefix[start];
                if (words > _options.MaxWords && start < end - 1)
                {
                    break;
                }

                var size = SizeWithOverlap(pieces, prefix, start, end);
                var cost = best[start] + Cost(size, pieces[start].Cut, whole: start == 0 && end == count);
                if (cost < best[end])
                {
                    best[end] = cost;
                    from[end] = start;
                }
            }
        }

        var starts = new List<int>();
        for (var end = count; end > 0; end = from[end])
        {
            starts.Add(from[end]);
        }

        starts.Reverse();
        for (var c = 0; c < starts.Count; c++)
        {
            var start = starts[c];
            var end = c + 1 < starts.Count ? starts[c + 1] : count;
            var first = OverlapStart(pieces, start);
            if (prefix[end] - prefix[first] > _options.MaxWords)
            {
                first = start;
            }

            result.Add(pieces[first].Start..pieces[end - 1].End);
        }

        return result;
    }

    private double Cost(int size, Cut cut, bool whole)
    {
        var deviation = (size - _options.TargetWords) / (double)_options.TargetWords;
        var cost = ChunkCost + (deviation * deviation) + cut switch
        {
            Cut.Line => LineCutCost,
            Cut.Sentence => SentenceCutCost,
            Cut.Word => WordCutCost,
            _ => 0,
        };
        return size < _options.MinWords && !whole ? cost + SmallChunkCost : cost;
    }

    private int SizeWithOverlap(List<Piece> pieces, int[] prefix, int start, int end)
    {
        var withOverlap = prefix[end] - prefix[OverlapStart(pieces, start)];
        return withOverlap <= _options.MaxWords ? withOverlap : prefix[end] - prefix[start];
    }

    /// <summary>
    /// A chunk that starts between two sentences of one paragraph repeats the sentences before it, so it does not
    /// open mid-thought; chunks that start at a paragraph or list item do not need that.
    /// </summary>
    private int OverlapStart(List<Piece> pieces, int start)
    {
        var first = start;
        for (var n = 0; n < _options.OverlapSentences && first > 0 && pieces[first].Cut == Cut.Sentence; n++)
        {
            first--;
        }

        return first;
    }

    /// <summary>Sentence-sized pieces of the text, each with the kind of boundary before it.</summary>
    private List<Piece> Pieces(string text)
    {
        var pieces = new List<Piece>();
        var cut = Cut.Start;
        foreach (var paragraph in Split(text, 0..text.Length, blankLine: true))
        {
            var lineCut = cut;
            foreach (var line in Split(text, paragraph, blankLine: false))
            {
                AddLine(text, line, lineCut, pieces);
                lineCut = Cut.Line;
            }

            cut = Cut.Paragraph;
        }

        return pieces;
    }

    private void AddLine(string text, Range line, Cut cut, List<Piece> pieces)
    {
        var (offset, length) = line.GetOffsetAndLength(text.Length);
        var lineText = text.Substring(offset, length);
        var sentenceCut = cut;
        foreach (var sentence in _splitter.SplitRanges(lineText))
        {
            var (sentenceOffset, sentenceLength) = sentence.GetOffsetAndLength(lineText.Length);
            var start = offset + sentenceOffset;
            var end = start + sentenceLength;
            var words = WordStarts(text, start, end);
            if (words.Count <= _options.MaxWords)
            {
                pieces.Add(new Piece(start, end, words.Count, sentenceCut));
            }
            else
            {
                // A "sentence" longer than a chunk (a run-on list, a table row): evenly sized word windows.
                var windows = (int)Math.Ceiling(words.Count / (double)_options.TargetWords);
                var size = (int)Math.Ceiling(words.Count / (double)windows);
                for (var w = 0; w < words.Count; w += size)
                {
                    var windowEnd = w + size < words.Count ? TrimEnd(text, words[w + size]) : end;
                    pieces.Add(new Piece(words[w], windowEnd, Math.Min(size, words.Count - w), w == 0 ? sentenceCut : Cut.Word));
                }
            }

            sentenceCut = Cut.Sentence;
        }
    }

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private static List<int> WordStarts(string text, int start, int end)
    {
        var starts = new List<int>();
        var inWord = false;
        for (var i = start; i < end; i++)
        {
            var space = char.IsWhiteSpace(text[i]);
            if (!space && !inWord)
            {
                starts.Add(i);
            }

            inWord = !space;
        }

        return starts;
    }

    /// <summary>Trimmed, non-empty parts of <paramref name="range"/> between blank lines or between line breaks.</summary>
    private static IEnumerable<Range> Split(string text, Range range, bool blankLine)
    {
        var (offset, length) = range.GetOffsetAndLength(text.Length);
        var end = offset + length;
        var partStart = offset;
        var i = offset;
        while (i <= end)
        {
            var atEnd = i == end;
            var separatorEnd = -1;
            if (!atEnd && text[i] == '\n')
            {
                if (!blankLine)
                {
                    separatorEnd = i + 1;
                }
                else
                {
                    var j = i + 1;
                    while (j < end && text[j] is ' ' or '\t')
                    {
                        j++;
                    }

                    if (j < end && text[j] == '\n')
                    {
                        separatorEnd = j + 1;
                    }
                }
            }

            if (atEnd || separatorEnd >= 0)
            {
                var s = partStart;
                var e = i;
                while (s < e && char.IsWhiteSpace(text[s]))
                {
                    s++;
                }

                while (e > s && char.IsWhiteSpace(text[e - 1]))
                {
                    e--;
                }

                if (e > s)
                {
                    yield return s..e;
                }

                if (atEnd)
                {
                    yield break;
                }

                partStart = separatorEnd;
                i = separatorEnd;
                continue;
            }

            i++;
        }
    }

    private enum Cut
    {
        Start,
        Paragraph,
        Line,
        Sentence,
        Word,
    }

    private readonly record struct Piece(int Start, int End, int Words, Cut Cut);
}

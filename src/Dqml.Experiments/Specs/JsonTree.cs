using System.Text;
using System.Text.Json;

namespace Dqml.Experiments.Specs;

/// <summary>A JSON value with the line, column and path where it starts (System.Text.Json's DOM keeps no positions).</summary>
internal sealed class JsonNodeAt
{
    public required JsonValueKind Kind { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public required string Path { get; init; }

    /// <summary>String value, or the raw text of a number.</summary>
    public string? Text { get; init; }

    public List<JsonNodeAt> Items { get; } = [];

    public List<JsonPropertyAt> Properties { get; } = [];

    public string KindName => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>An object member with the position of its name.</summary>
internal sealed record JsonPropertyAt(string Name, int Line, int Column, string Path, JsonNodeAt Value);

/// <summary>Reads JSON into <see cref="JsonNodeAt"/> with <see cref="Utf8JsonReader"/> (comments and trailing commas allowed).</summary>
internal static class JsonTree
{
    public static JsonNodeAt Parse(byte[] utf8, string file)
    {
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int start = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        var reader = new Utf8JsonReader(
            utf8.AsSpan(start),
            new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                throw new SpecException(file, 1, 1, "$", "the file is empty");
            }

            var root = ReadValue(ref reader, "$", utf8, start, lineStarts, file);
            if (reader.Read())
            {
                var (l, c) = Position(utf8, lineStarts, start + (int)reader.TokenStartIndex);
                throw new SpecException(file, l, c, "$", "unexpected text after the top-level value");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new SpecException(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "$", "invalid JSON: " + FirstSentence(e.Message));
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, string path, byte[] utf8, int start, List<int> lineStarts, string file)
    {
        var (line, column) = Position(utf8, lineStarts, start + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNodeAt { Kind = JsonValueKind.Object, Line = line, Column = column, Path = path };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    var (nl, nc) = Position(utf8, lineStarts, start + (int)reader.TokenStartIndex);
                    string childPath = $"{path}.{name}";
                    if (node.Properties.Any(p => p.Name == name))
                    {
                        throw new SpecException(file, nl, nc, childPath, $"duplicate field '{name}'");
                    }

                    reader.Read();
                    var value = ReadValue(ref reader, childPath, utf8, start, lineStarts, file);
                    node.Properties.Add(new JsonPropertyAt(name, nl, nc, childPath, value));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNodeAt { Kind = JsonValueKind.Array, Line = line, Column = column, Path = path };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, $"{path}[{node.Items.Count}]", utf8, start, lineStarts, file));
                }

                return node;
            }

            case JsonTokenType.String:
                return new JsonNodeAt { Kind = JsonValueKind.String, Line = line, Column = column, Path = path, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonNodeAt
                {
                    Kind = JsonValueKind.Number,
                    Line = line,
                    Column = column,
                    Path = path,
                    Text = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
                };
            case JsonTokenType.True:
                return new JsonNodeAt { Kind = JsonValueKind.True, Line = line, Column = column, Path = path };
            case JsonTokenType.False:
                return new JsonNodeAt { Kind = JsonValueKind.False, Line = line, Column = column, Path = path };
            default:
                return new JsonNodeAt { Kind = JsonValueKind.Null, Line = line, Column = column, Path = path };
        }
    }

    private static (int Line, int Column) Position(byte[] utf8, List<int> lineStarts, int offset)
    {
        int index = lineStarts.BinarySearch(offset);
        int lineIndex = index >= 0 ? index : ~index - 1;
        int lineStart = lineStarts[lineIndex];
        int column = Encoding.UTF8.GetCharCount(utf8, lineStart, offset - lineStart) + 1;
        if (lineIndex == 0 && utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            column--;
        }

        return (lineIndex + 1, column);
    }
}

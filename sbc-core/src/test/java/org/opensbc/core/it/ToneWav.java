package org.opensbc.core.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A known tone for Chromium's fake microphone: a 16-bit mono WAV file of a sine wave. */
final class ToneWav {

    private ToneWav() {
    }

    static Path write(Path file, int frequency, double seconds, double amplitude) throws IOException {
        int rate = 48_000;
        int count = (int) (rate * seconds);
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * count).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * count).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * count);
        for (int i = 0; i < count; i++) {
            wav.putShort((short) (amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / rate)));
        }
        Files.write(file, wav.array());
        return file;
    }
}

import { PNG } from "pngjs";

/**
 * The app icons, drawn in code so the package needs no binary files in the repository: a speech
 * bubble with a person mark. `color.png` is 192×192 on the accent colour; `outline.png` is 32×32,
 * white on transparent, as Teams requires.
 */
type Paint = (x: number, y: number) => boolean;

function bubble(size: number): Paint {
  const centre = size / 2;
  const radius = size * 0.34;
  return (x, y) => {
    const dx = x + 0.5 - centre;
    const dy = y + 0.5 - centre * 0.92;
    const inCircle = dx * dx + dy * dy <= radius * radius;
    // A small tail at the lower left.
    const tail = y > centre && y < centre + radius * 1.05 && x > centre - radius * 0.75 && x < centre - radius * 0.2 && x - (centre - radius * 0.75) > (y - centre) * 0.55;
    return inCircle || tail;
  };
}

function personMark(size: number): Paint {
  const centre = size / 2;
  const head = size * 0.07;
  return (x, y) => {
    const dx = x + 0.5 - centre;
    const headDy = y + 0.5 - centre * 0.78;
    const bodyDy = y + 0.5 - centre * 1.08;
    return dx * dx + headDy * headDy <= head * head || (bodyDy < 0 && bodyDy > -size * 0.12 && Math.abs(dx) < size * 0.14 - Math.abs(bodyDy) * 0.3);
  };
}

function draw(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x, y);
      const index = (size * y + x) * 4;
      png.data[index] = r;
      png.data[index + 1] = g;
      png.data[index + 2] = b;
      png.data[index + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

export function colorIcon(): Buffer {
  const size = 192;
  const inBubble = bubble(size);
  const inPerson = personMark(size);
  return draw(size, (x, y) => {
    if (inPerson(x, y)) return [31, 95, 139, 255];
    if (inBubble(x, y)) return [255, 255, 255, 255];
    return [31, 95, 139, 255];
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const inBubble = bubble(size);
  const inPerson = personMark(size);
  return draw(size, (x, y) => (inBubble(x, y) && !inPerson(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}

// The renderer's pure pieces of finding photos: facet values turned back into query fields, the
// hand-written Web Mercator projection of the map, and the clustering of map points.
import { describe, expect, it } from 'vitest';
import { PhotoQuery } from '../../shared/api';
import { clusterPoints, visibleMarkers } from '../../renderer/src/components/map/cluster';
import { clampView, fitBounds, screenBox, toLonLat, toScreen, zoomAt } from '../../renderer/src/components/map/projection';
import { EMPTY_QUERY, clearAll, filterCount, hasValue, isFiltered, sameQuery, toggleValue } from '../../renderer/src/components/search/query';

describe('query editing', () => {
  it('starts from the contract default', () => {
    expect(EMPTY_QUERY).toEqual(PhotoQuery.parse({}));
  });

  it('turns facet text back into the types the core takes, and the result passes the contract', () => {
    let q = toggleValue(EMPTY_QUERY, 'classIds', '12');
    q = toggleValue(q, 'severities', '4');
    q = toggleValue(q, 'severities', 'na');
    q = toggleValue(q, 'confidences', 'possible');
    q = toggleValue(q, 'cameras', 'Canon EOS 40D');
    q = toggleValue(q, 'flags', 'has-gps');
    expect(q).toMatchObject({ classIds: [12], severities: [4, 'na'], confidences: ['possible'], cameras: ['Canon EOS 40D'], flags: ['has-gps'] });
    expect(PhotoQuery.parse(q)).toEqual(q);
    expect(hasValue(q, 'severities', '4')).toBe(true);
    expect(filterCount(q)).toBe(6);
  });

  it('toggles a value off again, ignores nonsense, and keeps GPS flags exclusive', () => {
    const on = toggleValue(EMPTY_QUERY, 'tagIds', '7');
    expect(toggleValue(on, 'tagIds', '7').tagIds).toEqual([]);
    expect(toggleValue(EMPTY_QUERY, 'severities', '9')).toBe(EMPTY_QUERY);
    expect(toggleValue(EMPTY_QUERY, 'classIds', 'x')).toBe(EMPTY_QUERY);
    const gps = toggleValue(EMPTY_QUERY, 'flags', 'has-gps');
    expect(toggleValue(gps, 'flags', 'no-gps').flags).toEqual(['no-gps']);
  });

  it('tells filtered from unfiltered and compares queries whatever their order', () => {
    expect(isFiltered(EMPTY_QUERY)).toBe(false);
    expect(isFiltered({ ...EMPTY_QUERY, text: '  ' })).toBe(false);
    const q = { ...EMPTY_QUERY, text: 'kharkiv', sort: 'name' as const };
    expect(isFiltered(q)).toBe(true);
    expect(sameQuery(q, { ...q, text: 'kharkiv ', sort: 'taken' })).toBe(true);
    expect(clearAll(q)).toEqual({ ...EMPTY_QUERY, sort: 'name' });
  });
});

describe('map projection', () => {
  const size = { width: 800, height: 600 };

  it('puts north up and east right, and inverts exactly', () => {
    const v = fitBounds({ south: 40, west: 10, north: 60, east: 30 }, size);
    const [kx, ky] = toScreen(v, 30.52, 50.45); // Kyiv
    const [rx, ry] = toScreen(v, 12.5, 41.9); // Rome
    expect(kx).toBeGreaterThan(rx);
    expect(ky).toBeLessThan(ry);
    const [lon, lat] = toLonLat(v, kx, ky);
    expect(lon).toBeCloseTo(30.52, 9);
    expect(lat).toBeCloseTo(50.45, 9);
    // Web Mercator (as street tiles are drawn): conformal, so at the equator a small step is as long
    // north-south as east-west, and at 60° a north-south step is twice as long (1 / cos 60°).
    const [ax, ay] = toScreen(v, 0, 0);
    const [bx, by] = toScreen(v, 0.001, 0.001);
    expect((ay - by) / (bx - ax)).toBeCloseTo(1, 4);
    const [cx, cy] = toScreen(v, 0, 60);
    const [dx, dy] = toScreen(v, 0.001, 60.001);
    expect((cy - dy) / (dx - cx)).toBeCloseTo(2, 3);
  });

  it('zooms about the pointer: the place under it stays put', () => {
    const v = fitBounds({ south: 40, west: 10, north: 60, east: 30 }, size);
    const before = toLonLat(v, 300, 200);
    const z = zoomAt(v, size, 3, 300, 200);
    expect(z.k).toBeCloseTo(v.k * 3, 9);
    const after = toLonLat(z, 300, 200);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
  });

  it('turns a dragged screen box into degrees, whichever way it was drawn', () => {
    const v = fitBounds({ south: 40, west: 10, north: 60, east: 30 }, size);
    const [x0, y0] = toScreen(v, 11, 58);
    const [x1, y1] = toScreen(v, 25, 43);
    const b = screenBox(v, x1, y1, x0, y0);
    expect(b.west).toBeCloseTo(11, 9);
    expect(b.east).toBeCloseTo(25, 9);
    expect(b.north).toBeCloseTo(58, 9);
    expect(b.south).toBeCloseTo(43, 9);
  });

  it('never zooms out past the world or pans it off screen', () => {
    const v = clampView({ k: 0.0001, tx: 1e6, ty: -1e6 }, size);
    expect(v.k).toBeGreaterThan(0.5);
    const [lon, lat] = toLonLat(v, size.width / 2, size.height / 2);
    expect(Math.abs(lon)).toBeLessThanOrEqual(180);
    expect(Math.abs(lat)).toBeLessThanOrEqual(90);
  });
});

describe('map clustering', () => {
  const size = { width: 800, height: 600 };
  const points = [
    { id: 1, lat: 50.45, lon: 30.52 },
    { id: 2, lat: 50.4501, lon: 30.5201 },
    { id: 3, lat: 41.9, lon: 12.5 },
    { id: 4, lat: -33.9, lon: 151.2 }, // Sydney: off screen below
  ];

  it('merges points a few pixels apart, keeps distant ones apart, and draws only those on screen', () => {
    const v = fitBounds({ south: 40, west: 10, north: 60, east: 30 }, size, 20);
    const markers = visibleMarkers(clusterPoints(points, v.k), v, size);
    expect(markers.map((m) => m.ids.sort()).sort()).toEqual([[1, 2], [3]]);
    const kyiv = markers.find((m) => m.ids.length === 2)!;
    expect(kyiv.north).toBeCloseTo(50.4501, 9);
    expect(kyiv.south).toBeCloseTo(50.45, 9);
    const [x, y] = toScreen(v, 30.52, 50.45);
    expect(Math.hypot(kyiv.sx - x, kyiv.sy - y)).toBeLessThan(1);
  });

  it('groups the same way wherever the map is panned', () => {
    const v = fitBounds({ south: 40, west: 10, north: 60, east: 30 }, size, 20);
    const clusters = clusterPoints(points, v.k);
    const moved = { ...v, tx: v.tx + 13.7, ty: v.ty - 5.2 };
    expect(visibleMarkers(clusters, moved, size).map((m) => m.ids)).toEqual(visibleMarkers(clusters, v, size).map((m) => m.ids));
  });
});

#!/usr/bin/env python3
"""Builds datasets/sample/ from the labelled development catalog and public reference data.

Run from the repository root with the workplace's shared folder beside it:

    python3 scripts/build_sample_catalog.py ../shared

Core: shared/eval-dev (12 real cities, 30 needs, 150 fictional startups, graded judgments).
Enrichment (added to cities as extra fields, which the format preserves and scoring ignores):
  - geonames_id, timezone: GeoNames (geonames.org), CC BY 4.0, via cities15000.
  - gdp_per_capita_usd, gdp_per_capita_year: World Bank, World Development Indicators
    (NY.GDP.PCAP.CD), CC BY 4.0, joined on the country's ISO 3166-1 alpha-3 code.
The output is committed; this script documents and reproduces it.
"""
import csv
import json
import pathlib
import sys
import unicodedata

shared = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '../shared')
root = pathlib.Path(__file__).resolve().parent.parent
out = root / 'datasets' / 'sample'
out.mkdir(parents=True, exist_ok=True)


def fold(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn').lower()


geo = shared / 'datasets-raw' / 'geonames'
iso3 = {}
with open(geo / 'countries.tsv', encoding='utf-8') as f:
    for row in csv.DictReader(f, delimiter='\t'):
        iso3[row['iso']] = row['iso3']
places = {}
with open(geo / 'cities15000.tsv', encoding='utf-8') as f:
    for row in csv.DictReader(f, delimiter='\t'):
        key = (fold(row['name']), row['countrycode'])
        places.setdefault(key, row)  # sorted by population: the largest namesake wins

gdp = {}
with open(shared / 'datasets-raw' / 'worldbank-gdp-income' / 'wb_countries_income_gdppc_latest.csv', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        if row['kind'] == 'economy' and row['gdp_pc_current_usd']:
            gdp[row['iso3']] = (float(row['gdp_pc_current_usd']), int(row['gdp_pc_usd_year']))

src = shared / 'eval-dev'
cities = [json.loads(l) for l in open(src / 'cities.jsonl', encoding='utf-8') if l.strip()]
# GeoNames spells a few names differently from the catalog.
aliases = {'ulaanbaatar': 'ulan bator', 'makati': 'makati city'}
for city in cities:
    name = fold(city['name'])
    place = places.get((aliases.get(name, name), city['country']))
    if place:
        city['geonames_id'] = int(place['geonameid'])
        city['timezone'] = place['timezone']
    g = gdp.get(iso3.get(city['country'], ''))
    if g:
        city['gdp_per_capita_usd'] = round(g[0], 1)
        city['gdp_per_capita_year'] = g[1]

with open(out / 'cities.jsonl', 'w', encoding='utf-8') as f:
    for city in cities:
        f.write(json.dumps(city, ensure_ascii=False) + '\n')
for name in ['needs.jsonl', 'startups.jsonl', 'judgments.jsonl']:
    (out / name).write_text((src / name).read_text(encoding='utf-8'), encoding='utf-8')
print(f'wrote {out}: {len(cities)} cities')

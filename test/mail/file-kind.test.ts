import { describe, expect, it } from 'vitest';
import {
  decodeText,
  detectFileKind,
  executableMagic,
  isExecutableName,
  looksLikeScript,
} from '../../shared/mail/file-kind.ts';
import { docxBytes, machoBytes, minimalPdf } from './mime-builder.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('file kind', () => {
  it.each([
    ['invoice.exe', true],
    ['report.PDF.js', true],
    ['script.ps1. ', true],
    ['setup.MSI', true],
    ['shortcut.lnk', true],
    ['notes.txt', false],
    ['archive.zip', false],
    ['noextension', false],
  ])('treats the name %j as executable: %s', (name, expected) => {
    expect(isExecutableName(name)).toBe(expected);
  });

  it.each([
    [[0xfe, 0xed, 0xfa, 0xce], 'application/x-mach-binary'],
    [[0xce, 0xfa, 0xed, 0xfe], 'application/x-mach-binary'],
    [[0xca, 0xfe, 0xba, 0xbf], 'application/x-mach-binary'],
    [[0xbe, 0xba, 0xfe, 0xca], 'application/x-mach-binary'],
  ])('recognises Mach-O magic %j', (magic, type) => {
    expect(executableMagic(machoBytes(magic))).toBe(type);
  });

  it('tells a Java class from a fat Mach-O by the count after CAFEBABE', () => {
    expect(executableMagic(new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]))).toBe(
      'application/java-vm',
    );
  });

  it.each([
    ['#!/usr/bin/env python3\nprint(1)', true],
    ['@echo off\r\ndel *.*', true],
    ['Set s = CreateObject("WScript.Shell")', true],
    ['powershell -enc SQBFAFgA', true],
    ['name,postcode\nJane,SW1A 1AA', false],
    ['Dear team, the script for Tuesday’s play is attached.', false],
  ])('reads %j as a script: %s', (text, expected) => {
    expect(looksLikeScript(text)).toBe(expected);
  });

  it('decodes UTF-8, windows-1252 and UTF-16 text but not binary', () => {
    expect(decodeText(bytes('£5'))).toBe('£5');
    expect(decodeText(new Uint8Array([0xa3, 0x35]))).toBe('£5');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe('A');
    expect(decodeText(new Uint8Array([0x41, 0x00, 0x42]))).toBeUndefined();
  });

  it.each([
    ['a PDF named .txt', minimalPdf('x'), 'x.txt', 'text/plain', 'pdf'],
    ['a DOCX named .zip', docxBytes('x'), 'x.zip', 'application/zip', 'docx'],
    ['CSV text declared as CSV', bytes('a,b\n1,2\n'), 'x.csv', 'text/csv', 'csv'],
    ['CSV text declared as plain text', bytes('a,b\n1,2\n'), 'x.txt', 'text/plain', 'text'],
    ['HTML by its opening', bytes('<!DOCTYPE html><p>x</p>'), 'x.dat', 'application/octet-stream', 'html'],
    ['binary noise', new Uint8Array([0, 1, 2, 3, 0, 250]), 'x.txt', 'text/plain', 'other'],
  ])('detects %s by content', async (_label, data, name, type, kind) => {
    expect((await detectFileKind(data, name, type)).kind).toBe(kind);
  });
});

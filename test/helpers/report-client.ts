import type request from 'supertest';
import ExcelJS from 'exceljs';
import type { TestApi } from './api';

/** Collects a response body as raw bytes (xlsx, or csv to see its BOM). */
export function binary(res: request.Response & NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

export async function getBytes(api: TestApi, path: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const res = await api.as('viewer').get(path).buffer(true).parse(binary as never);
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

// What report figures are computed from: the few fields of each record a figure needs, so the
// server can load a million commitments without their texts.
import type { Category, Deadline, IsoDate, Status, SubjectType } from '../types';

export interface FigureCommitment {
  id: number;
  orgId: number;
  memberId: number | null;
  subjectType: SubjectType;
  category: Category;
  deadline: Deadline;
  status: Status;
  /** The local date it was marked off (挂牌销号), when completed. */
  completedOn: IsoDate | null;
}

/** 群众评议 answers: 满意 / 基本满意 / 不满意. */
export interface SurveyCounts {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}
